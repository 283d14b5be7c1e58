// The one rule for a service address in the configuration (the authority's issuer, an API's base_url,
// Selvbetjening's api_url and web_url). Checked in steps that stop at the first failure, each with
// its own words: "helseid-sts.test.nhn.no" (the most common typo: no https://) is told to start with
// https://, not that it has a query or fragment it does not have; and one typo gives one message.
import { z } from 'zod';
import { isHttpsOrLoopbackHttp } from './loopback-url.ts';

export const NO_SCHEME = 'expected an address starting with https:// (for example https://helseid-sts.test.nhn.no)';
export const NO_QUERY = 'expected an address without ? or #';
export const HTTPS_ONLY = 'expected an https URL (http only on 127.0.0.1)';

export const text = z
  .string({ error: 'expected a non-empty string' })
  .trim()
  .min(1, { error: 'expected a non-empty string', abort: true });

/** https, or http on loopback only (the embedded environment, a vendor's API beside the app) */
export const serviceUrl = text
  .refine(
    (value) => {
      const url = URL.parse(value);
      return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    },
    { error: NO_SCHEME, abort: true },
  )
  .refine((value) => !/[?#]/.test(value), { error: NO_QUERY, abort: true })
  .refine(isHttpsOrLoopbackHttp, { error: HTTPS_ONLY, abort: true });

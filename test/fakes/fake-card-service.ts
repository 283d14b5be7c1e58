// Tests import the scripted card fake from here; it lives in src/main/card so the app's preview
// can use it too.
export {
  FakeCardService,
  createFakeCardService,
  FAKE_MODULE,
  type FakeCardSpec,
} from '../../src/main/card/fake-card-service.ts';

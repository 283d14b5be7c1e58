// The help texts in bokmål (usage.ts has the English): `--help` follows --lang, else LANG, as every
// other text of the command line does. Options, commands, file and variable names stay as typed.

const COMMON = `
Valg for alle kommandoer:
  --lang nb|en       språket i meldinger og rapporter (standard: fra LANG, ellers nb)
  --json             skriv rene data (JSON) i stedet for tekst
  --env-json FIL|-   bruk det innebygde miljøet fra JSON-linjen \`npm run env\` skriver ut
                     (en fil, eller - for stdin; bare første linje leses)
  -h, --help         denne hjelpen

Oppsett, det første som finnes gjelder: --env-json; maskinens fil (HELSEID_DESKTOP_CONFIG eller
stien for operativsystemet); variabelen HELSEID_DESKTOP_ENVIRONMENT; <prosjekt>/.state/env/environment.json.
Avslutningskoder: 0 i orden, 1 feil (én setning på stderr), 2 feil kommandolinje.`;

/** keyed as usage.ts's HELP (helpFor in usage.ts does not compile when a command has no bokmål help) */
export const HELP_NB: Readonly<
  Record<'doctor' | 'cards' | 'login' | 'token' | 'setup' | 'key' | 'kjernejournal' | 'main', string>
> = {
  main: `bruk: helseid-desktop <kommando> [valg]

Kommandoer:
  doctor   en rapport til en sak hos IT: versjon, oppsett, kortprogramvare, kortlesere, kort,
           om HelseID svarer, klokkeavvik, tjenester (API-er)
  cards    kortlesere og kort
  login    logg inn med smartkortet (eller TestIdP), hent tilgang til hver tjeneste og kall den én gang
  token    tilgang for en maskin-til-maskin-tjeneste (client credentials): mottaker, tilganger, utløp, virksomhet
  setup    gjør denne arbeidsstasjonen til sin egen HelseID-klient (Selvbetjening; en person bekrefter i nettleseren)
  key      key status | key renew: maskinens klientnøkkel (hvor den ligger, hvordan den er beskyttet, kid, utløp)
  kjernejournal  logg inn og åpne en pasient i Kjernejournal i nettleseren (en test av arbeidsstasjonen)

Kjør \`helseid-desktop <kommando> --help\` for valgene til en kommando.
${COMMON}`,
  doctor: `bruk: helseid-desktop doctor [--json] [--lang nb|en] [--env-json FIL|-]

Skriver en rapport IT kan lime inn i en sak. Den inneholder ingen PIN-kode, tilgangsbevis, nøkkel
eller fødselsnummer. Funnene kommer først, hvert med hva som må gjøres. Avslutningskode 1 når
innlogging ikke kan virke: oppsettet er ugyldig, klientnøkkelen mangler, er ødelagt eller kan leses
av andre, HelseID svarer ikke eller avviser klienten, ingen kort kan logge inn, eller
arbeidsstasjonen er ikke satt opp (rapporten skrives likevel).
${COMMON}`,
  cards: `bruk: helseid-desktop cards [--json] [--lang nb|en] [--env-json FIL|-]

Viser først kortene som ikke kan logge inn (hvorfor, og hva som må gjøres), så kortleserne og
kortene i dem (innehaver, utsteder, tilstand, PIN-tilstand, gyldig til), så kortprogramvaren,
slik programmet ser dem.
${COMMON}`,
  login: `bruk: helseid-desktop login [--card NAVN] [--pin-stdin] [--browser KOMMANDO|follow] [--test-pid FNR] [--json]

Logger inn hos HelseID, viser hvem som er logget inn og, per tjeneste, tilgangens mottaker,
tilganger og utløp og svaret på ett kall. Tilgangsbevis skrives aldri ut; økten avsluttes
(fornyelsesbeviset trekkes tilbake) før kommandoen avslutter.

  --card NAVN       kortet som skal brukes: en del av innehaverens navn eller kortets etikett (store
                    og små bokstaver er likt)
  --pin-stdin       les PIN-koden fra stdin (første linje) i stedet for å spørre i terminalen;
                    nødvendig når stdin ikke er en terminal
  --browser KOMMANDO  det som åpner innloggingsadressen: en kommando som får adressen som siste
                    argument (delt på mellomrom). Standard: operativsystemets åpner (xdg-open, open
                    eller Windows' adressehåndterer).
  --browser follow  en innebygd, enkel «nettleser» for tester og maskiner uten skjerm: henter
                    adressen og følger omdirigeringer og meta refresh med informasjonskapsler. Den
                    kjører ingen skript og viser ingenting: et hjelpemiddel, ikke en ekte nettleser.
  --test-pid FNR    logg inn som denne TestIdP-personen i stedet for med kort (bare innebygd miljø
                    og helseid-test)
${COMMON}`,
  setup: `bruk: helseid-desktop setup [--browser KOMMANDO|follow] [--replace] [--json] [--lang nb|en] [--env-json FIL|-]

Gjør denne arbeidsstasjonen til sin egen HelseID-klient, etter "provisioning"-blokken i oppsettet:
lager et nøkkelpar her (den private nøkkelen forlater aldri maskinen), lager en klientkladd i
Selvbetjening for HelseID med klientsystemets API-nøkkel, åpner bekreftelsessiden i nettleseren
(den som bekrefter må ha en rolle i Altinn for virksomheten), venter til HelseID kjenner klienten,
og viser hvilke tjenester som er klare og hvilke som venter på godkjenning fra eieren.
Ctrl-C avbryter når som helst; en kladd som aldri ble bekreftet, noteres (se key status).
Er maskinen allerede satt opp, sjekkes og vises klienten på nytt, med mindre --replace lager en ny.

  --browser KOMMANDO  det som åpner bekreftelsessiden (som for login; "follow" sender det innebygde
                    miljøets bekreftelsesskjema med standardknappen: bare tester og skript)
  --replace         lag en ny klient selv om en som virker, finnes
${COMMON}`,
  key: `bruk: helseid-desktop key status|renew [--json] [--lang nb|en] [--env-json FIL|-]

  status   hvor nøkkelen ligger og hvordan den er beskyttet, kid, alder og utløp, når den fornyes,
           siste feil ved fornyelse, forlatte klientkladder. Aldri selve nøkkelen.
           Avslutningskode 1 når arbeidsstasjonen ikke er satt opp eller nøkkelen er utløpt.
  renew    fornyer nøkkelen nå: nytt nøkkelpar, registrert i Selvbetjening med den gjeldende
           nøkkelen, lagret ved siden av den, prøvd med et tilgangsbevis, og først da slettes den gamle.
${COMMON}`,
  token: `bruk: helseid-desktop token --api NAVN [--json] [--lang nb|en] [--env-json FIL|-]

Henter tilgang til en maskin-til-maskin-tjeneste (satt opp med "machine": true) med client
credentials og viser mottaker, tilganger, utløp og klient- og virksomhetsopplysningene i den.
Trenger verken innlogging eller kort. Selve tilgangsbeviset skrives aldri ut, og kastes før
kommandoen avslutter.

  --api NAVN   tjenesten, slik den heter i oppsettet
${COMMON}`,
  kjernejournal: `bruk: helseid-desktop kjernejournal --patient NUMMER --basis SAMTYKKE|AKUTT|UNNTAK
         [--authorization KODE] [--hold SEKUNDER] [--card NAVN] [--pin-stdin] [--browser KOMMANDO|follow]
         [--test-pid FNR] [--json]

Tester arbeidsstasjonens overlevering til Kjernejournal: logger inn slik \`login\` gjør, henter en
tilgang der Tillitsrammeverk-opplysningene navngir pasienten, oppretter en økt i Kjernejournal
Innlogging og åpner pasienten i nettleseren innloggingen brukte (portalens adresse, med engangskoden
og verifikatoren, når bare den nettleseren). Holder økten i live til Ctrl-C (eller --hold sekunder),
avslutter den så og logger ut. Skriver ut hva som skjedde; aldri koden, verifikatoren eller
pasientens nummer (maskert). Krever en "portals": {"kjernejournal": …}-blokk i oppsettet.

  --patient NUMMER       pasientens fødselsnummer, D- eller H-nummer (11 sifre)
  --basis GRUNNLAG       tilgangsgrunnlaget: SAMTYKKE, AKUTT eller UNNTAK
  --authorization KODE   HPR-autorisasjonen det handles under (LE, SP …), når personen har flere
  --hold SEKUNDER        avslutt økten etter så mange sekunder i stedet for å vente på Ctrl-C
  --card, --pin-stdin, --browser, --test-pid   som for login
${COMMON}`,
};

"""UI strings of sign-in, privacy notes, roles and the audit log."""

from __future__ import annotations

from evaldash.i18n.plurals import Entry

TEXTS: dict[str, Entry] = {
    "auth.title": {"lv": "Pieteikšanās", "en": "Sign in"},
    "auth.user": {"lv": "Lietotājvārds", "en": "User name"},
    "auth.password": {"lv": "Parole", "en": "Password"},
    "auth.sign_in": {"lv": "Pieteikties", "en": "Sign in"},
    "auth.sso": {
        "lv": "Pieteikties ar organizācijas kontu",
        "en": "Sign in with your organisation",
    },
    "auth.no_email": {
        "lv": "Jūsu organizācijas pieteikšanās sistēma nenosūtīja e-pasta adresi, tāpēc šajā "
        "panelī nevar atrast jūsu kontu. Lūdziet administratoru iestatīt, lai tā nosūta e-pasta "
        "adresi (OpenID Connect tvērums `email`).",
        "en": "Your organisation's sign-in sent no e-mail address, so your account in this "
        "dashboard cannot be found. Ask an administrator to have it send the e-mail address "
        "(OpenID Connect scope `email`).",
    },
    "auth.unverified": {
        "lv": "Jūsu organizācijas pieteikšanās sistēma norāda, ka e-pasta adrese {email} nav "
        "apstiprināta, tāpēc ar to nevar pieteikties. Apstipriniet adresi savā organizācijas "
        "kontā vai vērsieties pie administratora.",
        "en": "Your organisation's sign-in says the e-mail address {email} is not verified, so "
        "it cannot be used to sign in. Verify the address in your organisation's account or ask "
        "an administrator.",
    },
    "auth.sso_no_authlib": {
        "lv": "Vienotā pieteikšanās ir iestatīta (sadaļa `[auth]` failā `secrets.toml`), bet nav "
        "instalēta Python pakotne Authlib, kas tai vajadzīga. Instalējiet to ar "
        "`pip install -r requirements.txt` un palaidiet paneli no jauna.",
        "en": "Single sign-on is set up (`[auth]` in `secrets.toml`), but the Python package "
        "Authlib that it needs is not installed. Install it with "
        "`pip install -r requirements.txt` and start the dashboard again.",
    },
    "auth.sign_out": {"lv": "Iziet", "en": "Sign out"},
    "auth.signed_in": {"lv": "Pieteicies: {user} ({role})", "en": "Signed in: {user} ({role})"},
    "auth.wrong": {
        "lv": "Nepareizs lietotājvārds vai parole. Pēc 5 kļūdainiem mēģinājumiem konts tiek "
        "bloķēts uz 15 minūtēm.",
        "en": "Wrong user name or password. After 5 wrong attempts the account is locked for "
        "15 minutes.",
    },
    "auth.locked": {
        "lv": "Pārāk daudz kļūdainu mēģinājumu: konts bloķēts līdz {until}. Mēģiniet vēlāk vai "
        "lūdziet administratoru.",
        "en": "Too many wrong attempts: the account is locked until {until}. Try again later "
        "or ask an administrator.",
    },
    "auth.no_account": {
        "lv": "Identitātei {email} šajā panelī nav konta. Administrators to var pievienot ar "
        "`python -m evaldash user add NAME --role ROLE --email ADRESE`.",
        "en": "The identity {email} has no account in this dashboard. An administrator can add "
        "it with `python -m evaldash user add NAME --role ROLE --email ADDRESS`.",
    },
    "auth.refuse": {
        "lv": "Panelis klausās adresē {address}, tātad ir pieejams citiem datoriem, bet tam "
        "nav neviena konta. Izveidojiet kontus ar `python -m evaldash user add ...` vai "
        'palaidiet to tikai šim datoram (server.address = "localhost").',
        "en": "The dashboard listens on {address}, so other computers can reach it, but it has "
        "no accounts. Create accounts with `python -m evaldash user add ...`, or run it for "
        'this computer only (server.address = "localhost").',
    },
    "auth.refuse_remote": {
        "lv": "Šim panelim nav neviena konta, tāpēc to var atvērt tikai pārlūkā tajā pašā "
        "datorā, kurā tas darbojas, nevis caur tīklu vai starpniekserveri (proxy). "
        "Administrators: izveidojiet kontus ar `python -m evaldash user add ...` vai "
        "iestatiet vienoto pieteikšanos (README: «Run it for many users»).",
        "en": "This dashboard has no accounts, so it opens only in a browser on the computer "
        "it runs on, not through the network or a proxy. Administrator: create accounts with "
        '`python -m evaldash user add ...` or set up single sign-on (README: "Run it for many '
        'users").',
    },
    "auth.local": {
        "lv": "Vietējā viena lietotāja sesija (ministrijas skats): panelis ir pieejams tikai šim "
        "datoram, un tam nav kontu.",
        "en": "Local single-user session (ministry view): the dashboard is reachable from this "
        "computer only and has no accounts.",
    },
    "privacy.note": {
        "count": "k",
        "lv": {
            "zero": "Daži skaitļi ir slēpti: <{k} — mazāk par {k} cilvēkiem pašvaldībā; tukšs "
            "vai “slēpts” — paslēpts, lai mazu skaitli nevarētu izrēķināt no kopsummām.",
            "one": "Daži skaitļi ir slēpti: <{k} — mazāk par {k} cilvēku pašvaldībā; tukšs "
            "vai “slēpts” — paslēpts, lai mazu skaitli nevarētu izrēķināt no kopsummām.",
            "other": "Daži skaitļi ir slēpti: <{k} — mazāk par {k} cilvēkiem pašvaldībā; tukšs "
            "vai “slēpts” — paslēpts, lai mazu skaitli nevarētu izrēķināt no kopsummām.",
        },
        "en": {
            "one": "Some figures are hidden: <{k} means fewer than {k} person in a "
            "municipality; empty or “hidden” means hidden so that a small number cannot be "
            "worked out from totals.",
            "other": "Some figures are hidden: <{k} means fewer than {k} people in a "
            "municipality; empty or “hidden” means hidden so that a small number cannot be "
            "worked out from totals.",
        },
    },
    "privacy.narrowed": {
        "lv": "Šie filtri attiecas tikai uz jūsu pašu pašvaldību, tāpēc netiek lietoti: {parts}. "
        "Citas pašvaldības redzamas visam pilotprojektam, vienam reģionam vai vienai pašvaldībai, "
        "lai mazas grupas nevarētu izrēķināt, salīdzinot divas atlases.",
        "en": "These filters apply to your own municipality only and are not used: {parts}. "
        "Other municipalities are shown for the whole pilot, one region or one municipality, so "
        "that small groups cannot be worked out by comparing two selections.",
    },
    "privacy.part.period": {"lv": "periods", "en": "period"},
    "privacy.part.categories": {"lv": "pakalpojumu grupas", "en": "service groups"},
    "privacy.part.sex": {"lv": "dzimums", "en": "sex"},
    "privacy.part.age_groups": {"lv": "vecuma grupas", "en": "age groups"},
    "privacy.part.municipalities": {"lv": "vairākas pašvaldības", "en": "several municipalities"},
    "privacy.part.regions": {"lv": "vairāki reģioni", "en": "several regions"},
    "data.import_admin": {
        "lv": "Datus importē administrators (loma “admin”).",
        "en": "Data are imported by an administrator (role “admin”).",
    },
    "privacy.hidden": {"lv": "slēpts", "en": "hidden"},
    "privacy.refused": {
        "lv": "Šī lapa nav pieejama lomai “{role}”.",
        "en": "This page is not available to role “{role}”.",
    },
    "privacy.link_refused": {
        "lv": "Saite veda uz lapu “{page}”, kas nav pieejama lomai “{role}”; tāpēc atvērts "
        "“{home}”.",
        "en": "The link led to “{page}”, which role “{role}” may not open; “{home}” is shown "
        "instead.",
    },
    "privacy.own_only": {
        "lv": "Dalībnieku līmeņa dati tiek rādīti tikai jūsu pašvaldībai.",
        "en": "Participant-level data are shown for your own municipality only.",
    },
    "privacy.no_participants": {
        "lv": "Publiskajā skatā dalībnieku līmeņa dati netiek rādīti.",
        "en": "Participant-level data are not shown in the public view.",
    },
    "col.suppressed": {"lv": "slēpts", "en": "suppressed"},
    "role.ministry": {"lv": "ministrija", "en": "ministry"},
    "role.municipality": {"lv": "pašvaldība", "en": "municipality"},
    "role.public": {"lv": "publisks", "en": "public"},
    "role.admin": {"lv": "administrators", "en": "admin"},
    "auth.forbidden": {
        "lv": "Šī lapa ir pieejama tikai lomai: {roles}. Jūsu loma: {role}.",
        "en": "This page is for role {roles} only; your role is {role}.",
    },
    "nav.audit": {"lv": "Audita žurnāls", "en": "Audit log"},
    "audit.title": {"lv": "Audita žurnāls", "en": "Audit log"},
    "audit.intro": {
        "lv": "Kas ko darīja un kad: pieteikšanās, neveiksmīgas pieteikšanās un bloķēšana, "
        "imports, lejupielādes un eksporti (formāts, lapa, filtri), kontu izmaiņas. Žurnālā "
        "nekad nav paroļu, noslēpumu, failu satura vai dalībnieku datu rindu.",
        "en": "Who did what when: sign-ins, failed sign-ins and lockouts, imports, downloads "
        "and exports (format, page, filters), account changes. The log never holds passwords, "
        "secrets, file contents or participants' rows.",
    },
    "audit.event": {"lv": "Notikums", "en": "Event"},
    "audit.user": {"lv": "Lietotājs", "en": "User"},
    "audit.period": {"lv": "Dienas", "en": "Days"},
    "audit.no_user": {
        "lv": "(bez lietotāja: vietējā sesija vai nezināms vārds)",
        "en": "(no user: local session or unknown name)",
    },
    "audit.col_at": {"lv": "Laiks", "en": "Time"},
    "audit.col_user_name": {"lv": "Lietotājs", "en": "User"},
    "audit.col_event": {"lv": "Notikums", "en": "Event"},
    "audit.col_detail": {"lv": "Sīkāk", "en": "Detail"},
    "audit.none": {
        "lv": "Šai atlasei audita žurnālā nav neviena ieraksta.",
        "en": "The audit log has no entries for this selection.",
    },
    "audit.newest": {
        "count": "n",
        "lv": {
            "zero": "Tabula rāda tikai {n} jaunāko ierakstu; sašauriniet atlasi, lai redzētu "
            "vecākus.",
            "one": "Tabula rāda tikai {n} jaunāko ierakstu; sašauriniet atlasi, lai redzētu "
            "vecākus.",
            "other": "Tabula rāda tikai {n} jaunākos ierakstus; sašauriniet atlasi, lai redzētu "
            "vecākus.",
        },
        "en": {
            "one": "Showing the newest {n} entry; narrow the selection to see older ones.",
            "other": "Showing the newest {n} entries; narrow the selection to see older ones.",
        },
    },
}
"""Key -> language -> text; merged into :data:`evaldash.i18n.STRINGS`."""

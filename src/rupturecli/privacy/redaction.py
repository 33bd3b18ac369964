"""Replace names, contact details, dates, places and record numbers in reports with typed placeholders.

Hand-written detectors, fully offline: regular expressions for structured identifiers (emails, phones, dates,
addresses, postcodes, record numbers) and heuristics for names (speaker labels and declared names, titles,
"my son X", capitalised words inside a sentence that are not on a list of ordinary capitalised words). This
is a safety net, not a certified de-identification: `python -m rupturecli.privacy.redaction --evaluate FILE` measures
it on labelled snippets.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import functools
import hashlib
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import regex

from rupturecli.analysis.report import EpisodeReport, SessionReport
from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.parsing.given_names import GIVEN_NAMES
from rupturecli.parsing.labels import CLIENT_LABELS, THERAPIST_LABELS, normalise_label
from rupturecli.rules.literals import LiteralIndex
from rupturecli.session import Session

ROLE_LABELS = CLIENT_LABELS | THERAPIST_LABELS
Kind = Literal["NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID"]
KINDS: tuple[Kind, ...] = ("NAME", "EMAIL", "PHONE", "DATE", "ADDRESS", "POSTCODE", "ID")


@dataclass(frozen=True)
class Span:
    """One piece of PHI found in a text: [start, end) and its kind."""

    start: int
    end: int
    kind: Kind


# --- word lists: capitalised words that are not people's names -------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


WEEKDAYS_AND_MONTHS = _words("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun
january february march april may june july august september october november december sept
""")
TITLES = _words("""
dr doctor mr mrs ms miss mx prof professor nurse sister matron father fr rev reverend sir dame lady lord judge
officer pc dc sgt sergeant inspector councillor cllr
""")
# Capitalised in the middle of a sentence for reasons other than being someone's name.
NOT_NAMES = WEEKDAYS_AND_MONTHS | TITLES | _words("""
i i'm i've i'd i'll ok okay yes no hi hello hey thanks thank please sorry um uh er erm hmm mm mhm yeah yep nope
oh ah well right so and but or then now today tonight tomorrow yesterday morning afternoon evening night week
weekend christmas easter ramadan eid diwali hanukkah passover halloween thanksgiving lent advent new year years
eve boxing day bank holiday holidays
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred
english british scottish welsh irish american canadian australian polish french german spanish italian
portuguese romanian russian ukrainian chinese indian pakistani bangladeshi nigerian somali arabic urdu
punjabi hindi bengali turkish greek european african asian caribbean jamaican kurdish persian farsi
muslim christian jewish catholic protestant hindu sikh buddhist islam islamic anglican methodist baptist
orthodox quaker pentecostal
god jesus christ allah lord bible quran koran church mosque temple synagogue heaven
mum mom mummy mommy mam dad daddy nan nana nanna gran granny grandma grandpa grandad granddad grandmother
grandfather auntie aunty
therapist client patient counsellor counselor clinician psychologist psychiatrist gp supervisor supervision
social worker teacher head headteacher manager boss police staff team interpreter receptionist
therapy cognitive behavioural behavioral behaviour behavior dialectical mindfulness compassion schema
acceptance commitment interpersonal psychodynamic person-centred person-centered socratic gestalt rogerian
motivational interviewing exposure response prevention beck hamilton likert depression anxiety inventory
scale questionnaire assessment mental health state examination act section risk formulation safety plan
crisis care programme program recovery wellbeing outcome measures core emdr ptsd ocd adhd autism
asperger asperger's alzheimer's parkinson's tourette's crohn's covid coronavirus
sertraline prozac zoloft diazepam valium xanax citalopram fluoxetine mirtazapine quetiapine olanzapine
lithium propranolol zopiclone paracetamol ibuprofen
nhs iapt camhs samaritans mind shout childline headspace calm zoom teams skype facetime whatsapp facebook
instagram snapchat tiktok twitter youtube netflix google amazon apple iphone android spotify uber tesco asda
sainsbury's aldi lidl primark mcdonald's starbucks costa ikea internet wifi xbox playstation fortnite minecraft
tinder hinge bumble reddit linkedin outlook gmail excel powerpoint universal credit jobcentre council housing
benefits national insurance security social tribunal
england scotland wales ireland britain uk usa america poland france spain germany italy india pakistan
nigeria europe africa asia
japan china korea vietnam thailand philippines malaysia singapore indonesia australia zealand canada mexico
brazil argentina colombia chile peru kenya ghana uganda zimbabwe ethiopia somalia eritrea sudan egypt morocco
syria iraq iran afghanistan lebanon israel palestine turkey russia ukraine romania netherlands holland belgium
switzerland austria sweden norway denmark finland portugal greece hungary lithuania latvia estonia bulgaria
serbia croatia bosnia albania nepal sri lanka bangladesh
dutch swedish norwegian danish finnish swiss austrian belgian japanese korean vietnamese thai filipino
malaysian singaporean indonesian brazilian mexican argentinian colombian chilean peruvian kenyan ghanaian
zimbabwean ugandan ethiopian eritrean sudanese egyptian moroccan algerian syrian iraqi iranian afghan lebanese
israeli palestinian saudi emirati maori māori samoan tongan fijian kiwi aussie lithuanian latvian estonian
hungarian czech slovak bulgarian serbian croatian bosnian albanian nepali tamil gujarati malayalam telugu
marathi cantonese mandarin tagalog swahili yoruba igbo hausa zulu xhosa afrikaans amharic tigrinya pashto
dari hebrew
medicare medicaid aadhaar aadhar ehic passport
session sessions plan mood affect note notes summary present contact homework goal goals subjective
objective data intervention observation observations history medication medications diagnosis presenting
problem reason referral background impression actions action review follow-up next steps agenda attendance
location duration date time tel telephone mobile phone email address postcode dob ref reference
obs bloods labs vitals meds allergies hpi pmh psh dhx shx fhx hx mse imp dx rx ros nok
name surname relationship insurer cell admitted discharged physical postal
vorname nachname geburtsdatum telefon adresse anschrift straße ort versichertennummer krankenkasse
nome cognome nascita residenza indirizzo cellulare telefono endereço celular telefone nombre apellidos paciente
dirección direccion teléfono correo nom prénom naissance téléphone portable
# headings of letters, emails and forms in several languages (seventh round)
dear subject to cc bcc from registration residence considered intake notiz patientin paziente pacjent pacjentka
paciente klient klientin cliënt cliente asiakas potilas pasient
# more headings of letters, emails and forms (eighth round): English, Portuguese, Spanish, Italian, French, German,
# Dutch, Polish, Nordic
re fw fwd sent message alternate payer guarantor employer occupation gender religion ethnicity nationality
referrer consent signature emergency guardian carer member
utente morada telemóvel telemovel naturalidade profissão encaminhamento domicilio localidad provincia población
ocupación medico curante domicile médecin traitant mutuelle wohnort geschlecht hausarzt überweisung diagnose beruf
adres woonplaats geboortedatum telefoon huisarts verwijzer toestemming contactpersoon verzorger ouder skierowanie
rozpoznanie zawód miejscowość pårørende fødselsdato bopæl henvisning samtykke anhörig samtycke remiss
henkilötunnus osoite puhelin lähete omainen
# more headings (ninth round): clinical record fields in English, Nordic, Spanish and Portuguese forms
complaint coverage encounter ph personnummer adress mobil besök borger contacto tlf cpr-nr kontakt telefonnummer eircode
postnummer bostad bemærkning notat aftale
""")
# Words that start sentences: a capitalised sentence-initial word in this list is never taken for a name.
COMMON_STARTS = _words("""
the a an he she they we you it this that these those there here then now also and but so or when while after
before because although though if once since until as at in on by for from with without about over under into
everyone everybody someone somebody nobody anyone anybody people nothing something everything all both each
some many most few one none which who whom what why how where yes not never always sometimes often still just
only even again last next first second third finally overall later afterwards meanwhile however perhaps maybe
honestly really actually basically anyway his her their my our your its me him them us things life work school
home money sleep family friends parents children kids nothing everyone sure fine good great bad
""")
ORDINARY_ENDINGS = ("ing", "ly", "ness", "tion", "ment", "ings")
# After a capitalised word at the start of a sentence, these make it a person ("Yusuf cancelled again")...
NAME_VERBS = _words("""
said says told tells asked asks rang rings phoned phones texted texts emailed messaged arrived attended cancelled
canceled died shouted cried laughed agreed refused promised complained visited replied explained admitted reckons
""")
# ...and these too, unless the word looks like an ordinary one ("Trying isn't enough", "Usually didn't").
WEAK_NAME_VERBS = _words("""
called calls came comes left leaves moved thinks thought wants wanted knows knew doesn't didn't won't hasn't
wouldn't isn't wasn't
""")
RELATIONS = (
    r"son|daughter|wife|husband|partner|friend|boyfriend|girlfriend|mother|mum|mom|father|dad|brother|sister|"
    r"sibling|boss|manager|colleague|cousin|aunt|auntie|uncle|grandmother|grandfather|gran|grandma|grandad|nan|"
    r"niece|nephew|fianc[eé]e?|flatmate|roommate|housemate|neighbour|neighbor|teacher|ex|kid|child|baby|"
    r"stepson|stepdaughter|stepmother|stepfather|stepdad|stepmum|sponsor|carer|caseworker|social worker|"
    r"solicitor|lawyer|landlord|landlady|mate|best friend"
)
ORG_WORDS = _words("""
hospital clinic school college university trust service services team act inventory scale questionnaire
centre center unit ward council practice surgery department office court police church group programme
program association foundation society company ltd inc limited hall house line tribunal board agency institute
network partnership authority commission union club academy room suite lounge wing building floor
""")

# --- detectors ---------------------------------------------------------------------------------------------------

NAME_TOKEN = r"(?:\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?|\p{Lu}['’]\p{Lu}\p{Ll}+)(?:-\p{L}\p{Ll}+)?"  # Min-jun too
TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}_'’@.-]){NAME_TOKEN}(?![\p{{L}}\p{{N}}_@-])")
TITLE_NAME = regex.compile(
    rf"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Father|Fr|Rev|Reverend|Dame|Judge|"
    rf"Señor|Señora|Sr|Sra|Don|Doña|Dona|Seu|Signor|Signora|Sig|Herr|Frau|Mme|Madame|Monsieur|"
    rf"Officer|PC|DC|Sgt|Sergeant|Inspector|Councillor|Cllr)\.?[ \t]+"
    # a name, initials and a surname ("Dr K. Vermeulen", "Dr J.R. Oduya"), or an initial alone
    rf"(?P<name>(?:\p{{Lu}}\.[ \t]*){{1,2}}{NAME_TOKEN}|{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}}|"
    rf"\p{{Lu}}\.?(?![\p{{L}}]))"
)
RELATION_NAME = regex.compile(
    rf"(?i:\b(?:my|his|her|their|our|your|client's|a|the)\s+(?:(?:late|ex|older|younger|elder|big|little|baby|"
    rf"eldest|youngest|twin|new|old|best|step|half|former)[- ]?)*(?:{RELATIONS})(?:,\s*|\s+)"
    rf"(?:(?:called|named)\s+)?)(?P<name>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN})?)"
)
RELATION_LOWER = regex.compile(  # "her friend sarah": only names on the given-names list
    rf"(?i:\b(?:my|his|her|their|our|your)\s+(?:(?:best|little|older|younger|big|ex)[- ]?)?(?:{RELATIONS})(?:,\s*|\s+))"
    r"(?P<name>\p{Ll}+)\b"
)
# Lower-case words that follow a title or a relation without being a name ("my mum never listens")
NOT_LOWER_NAMES = _words("""
a an the and or but so then too also again just only even ever still really actually always never usually
often sometimes already now once is was are were be been being has have had does did do doesn't didn't don't
isn't wasn't can can't could couldn't will won't would wouldn't should shouldn't may might must said says told
tells keeps kept gets got went goes came comes left lives lived works worked thinks thought wants wanted knows
knew feels felt seems seemed says, who which that what when where how why if because since as at in on of to
for from with by about into over under after before says: says. i me my you your he him his she her we us our
they them their it its this these those there here home back up down out off away all both each one two three
first last next new old little big own same other another some any no not nothing everything something
anything somebody nobody everyone says dad mum mom died passed
""")
LOWER_NAME = r"\p{Ll}[\p{Ll}'’]+(?:-\p{Ll}+)?"
TITLE_LOWER = regex.compile(  # "dr mcallister", "dr niamh mac giolla phádraig": a title, then lower-case words
    rf"(?i:\b(?:dr|mr|mrs|ms|mx|prof)\.?[ \t]+)(?P<name>{LOWER_NAME}"
    rf"(?:[ \t]+{LOWER_NAME}){{0,3}})")
RELATION_ANY = regex.compile(  # "my sister aoife keeps...", "my wife mei-ling says"
    rf"(?i:\b(?:(?:my|his|her|their|our|your)\s+)?(?:(?:best|little|older|younger|big|ex|late)[- ]?)?(?:{RELATIONS})"
    rf"(?:,\s*|\s+|\s*\(\s*))(?P<name>{LOWER_NAME})(?=\)|,?\s+(?P<next>[\p{{L}}']+)|[.,;:!?]|$)"
)
APPOSITIVE_SURNAME = regex.compile(rf"[ \t]+(?P<surname>{LOWER_NAME})(?=,)")  # the surname, then a comma
# A name in Chinese, Japanese or Korean script in brackets beside the same name in Latin letters: "Li Ming (李明)",
# "李明 (Li Ming)"
CJK_LETTER = r"[\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}]"
CJK_NAME = rf"{CJK_LETTER}{{1,5}}(?:[ \t\u3000·・]{CJK_LETTER}{{1,5}})?"
SCRIPT_BESIDE_NAME = regex.compile(
    rf"(?P<latin>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}})[ \t]*[(（][ \t]*(?P<script>{CJK_NAME})[ \t]*[)）]|"
    rf"(?<![\p{{Han}}\p{{Hangul}}\p{{Hiragana}}\p{{Katakana}}])(?P<script>{CJK_NAME})[ \t]*[(（][ \t]*"
    rf"(?P<latin>{NAME_TOKEN}(?:[ \t]+{NAME_TOKEN}){{0,2}})[ \t]*[)）]")
ME_AND = regex.compile(rf"(?i:\b(?:me|i)\s+and\s+)(?P<name>{LOWER_NAME})\b")  # "just me and bex"
# Cues that follow a lower-case name (the name is the word just before them, found by looking back from the
# cue, which is quicker than trying every word): "just kwabena and me", "jarrah and i split up" (not "1500
# euros and I paid": the word before the name must start a clause or be "just", "with"...)
AND_ME = regex.compile(r"[ \t]+and[ \t]+(?:me|i|I)\b")
AND_ME_BEFORE = regex.compile(
    r"(?:[.!?:;,\"“(][ \t]{0,3}|\b(?i:just|only|with|was|were|both|then|so|but|it['’]s|that['’]s)[ \t])$")
WORD_BEFORE = regex.compile(rf"(?<![\p{{L}}'’-])(?P<name>{LOWER_NAME})$")
# A person is who you contact, meet or fall out with: "i texted aroha", "met up with sione", "told farhan"
CONTACT_LOWER = regex.compile(
    r"(?i:\b(?:told|texted|rang|phoned|messaged|emailed|visited|hugged|blocked|unblocked|invited|married|dumped|"
    r"thanked|forgave|(?:meet|met|meeting|catch|caught|hang|hung|split|broke|make|made)[ \t]+up[ \t]+with|"
    r"(?:went|going|go)[ \t]+out[ \t]+with|(?:living|lives|lived|staying|stayed|stays)[ \t]+with)[ \t]+)"
    rf"(?P<name>{LOWER_NAME})(?![\p{{L}}'’-])")
# ...whose house, birthday or mum it is: "tamsin's flat", "koa's birthday"
POSSESSIVE_LOWER = regex.compile(rf"['’]s[ \t]+(?:(?:{RELATIONS}|house|place|flat|home|party|birthday|wedding|"
                                  r"funeral|kids|children|parents|family)\b)")
WORD_BEFORE_POSSESSIVE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{2,}(?:-\p{Ll}+)?)$")
# ...and who says and does things: "what tavita said", "so ngaio texted"
SAYS_LOWER = regex.compile(r",?[ \t]+(?:said|says|told|tells|texted|rang|phoned|messaged|emailed|reckons|shouted|"
                           r"yelled|replied|promised|admitted|asked)\b")
DETERMINER_WORD = regex.compile(r"(?i:\b(?:the|a|an|my|his|her|their|our|your|this|that|every|no|some|any|its)"
                                r"[ \t]+)$")
CALLED_LOWER = regex.compile(  # a person's name, not a thing's: "he's called pieter", not "it's called nicotinic"
    rf"(?i:\b(?:(?:he|she|they|who)(?:['’]s|\s+is|\s+was|\s+are|['’]re)\s+called|"
    rf"(?:calls?|called)\s+(?:me|him|her|them)|known\s+as|goes\s+by|(?P<named>named|nicknamed|name is|"
    rf"name's|name was))\s+)"
    rf"(?P<name>{LOWER_NAME})\b")
NUMBER_AFTER = regex.compile(r"[ \t]+\d")
# A lower-case word at the start of a sentence or after a speaker label, then a verb a person does
SENTENCE_START_LOWER = regex.compile(r"(?:^|[.!?][ \t]+|\n|:[ \t]+)(?P<name>\p{Ll}{2,})[ \t]+(?P<verb>\p{Ll}+)\b")
KIN_WORDS = _words("papa mama mummy mum dad daddy nana nani dada dadi baba amma appa ammi abba bhai didi beta beti")
CHAT_WORDS = _words("lol omg idk tbh ngl imo btw smh fr tbf ikr ffs pls plz thx ty gonna wanna gotta dunno")
# Kinship honorifics said after a name in South Asian and Filipino families: "harjit mama", "ritu didi"
NAME_BEFORE_HONORIFIC = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{3,})[ \t]+(?:didi|bhaiya|bhai|bhaji|mama|mami|"
                                      r"chacha|chachi|masi|mausi|massi|nani|dadi|ji|bhabhi|akka|kuya|tita|tito)\b")
AND_NAME = regex.compile(rf"\s+and\s+({NAME_TOKEN})\b")  # "Mazza and Priya came over"
AS_IN_NAME = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{L}{2,}),?[ \t]+(?i:as[ \t]+in)[ \t]+(?P<given>\p{L}+)\b")
# A form's name field: "Name: ...", "Client name: ...", "Nome: ...", "Nachname, Vorname: Oberhuber, Wiltrud",
# "氏名：..."
NAME_LABEL = (r"(?:(?:client|patient|full|first|last|family|given|sur)[ \t]*name|name|vorname|nachname|"
              r"nome(?:[ \t]+completo)?|cognome(?:[ \t]+e[ \t]+nome)?|nombre(?:[ \t]+completo)?|apellidos?|nom|"
              r"prénom|naam|namn|nimi|imię(?:[ \t]+i[ \t]+nazwisko)?|nazwisko|"
              # roles and contacts whose field holds a name (eighth round): "Contactpersoon: ...", "Guardian: ..."
              r"patient|pt|client|paciente|utente|pacjent(?:ka)?|patiënt|cliënt|klient(?:in)?|asiakas|potilas|"
              r"contact(?:[ \t]*person)?|contactpersoon|emergency[ \t]+contact|next[ \t]+of[ \t]+kin|guardian|parent|"
              r"carer|ouder|verzorger|referred[ \t]+by|referrer|gp|pårørende|angehörige[rn]?)")
FORM_NAME = regex.compile(
    rf"(?im:^[ \t]*{NAME_LABEL}(?:[ \t]*[,/][ \t]*{NAME_LABEL})?[ \t]*[:：][ \t]*)"
    r"(?P<name>[\p{L}'’.-]+(?:(?:,[ \t]*|[ \t]+)[\p{L}'’.-]+){0,5})"
    # to the line's end, a bracketed romanisation ("山田 花子 (Hanako Yamada)") or a wide gap before the next field
    r"(?:[ \t]*(?:[(（][^()（）\n]{1,40}[)）][ \t]*)?(?m:$)|(?=[ \t]{2,}\p{Lu}[\p{L}.]*[ \t]*:))"
    r"|(?m:(?:氏名|名前|お名前)[ \t]*[:：][ \t\u3000]*(?P<name>[\p{Han}\p{Hiragana}\p{Katakana}]+"
    r"(?:[ \t\u3000]+[\p{Han}\p{Hiragana}\p{Katakana}]+)?))")
LOWER_AFTER = regex.compile(r"[ \t]+(\p{Ll}+)\b")
DETERMINER_BEFORE = regex.compile(r"(?i:\b(?:the|a|an)[ \t]+)$")
CALLED_NAME = regex.compile(rf"(?i:\b(?:called|named|name is|name's|se llama|se llamaba|me llamo|si chiama|"
                            rf"mi chiamo|s['’]appelle|heißt|hieß|se chama|chama-se|chamava-se|heet)\s+|"
                            rf"\bprefers\s+(?=['‘\"“]\p{{Lu}}))['‘\"“]?"
                            rf"(?P<name>{NAME_TOKEN})")  # "(prefers 'Mimi')": a preferred name in quotes
PARTICLES = r"(?:de|da|di|do|dos|das|del|della|van|von|der|den|la|le|bin|al|el|ter|du|Ó|Ua|Uí)"  # "Niall Ó Ceallaigh"

# Possessive: the domain is taken whole and its last label checked in Python, since backtracking for the
# top-level domain is quadratic on a long 'a@a.a.a...' line.
EMAIL = regex.compile(r"(?<![\w.+'’-])[\w.+'’-]+@[\w-]+(?:\.[\w-]+)++")
# Spoken or obfuscated addresses: "kofi_m at example dot org", "name [at] domain [dot] org". Found
# from the "at" outwards: the domain after it must end in a known top-level domain, and the name before it is
# looked for in the few characters before the "at" (quicker than trying every word).
SPOKEN_AT = regex.compile(r"(?P<bracket>[ \t]*[\[({<][ \t]*(?i:at)[ \t]*[\])}>][ \t]*)|,?[ \t]+(?:at|AT)[ \t]+")
SPOKEN_DOT = r"(?:[ \t]*[\[({<][ \t]*(?i:dot)[ \t]*[\])}>][ \t]*|[ \t]+(?i:dot)[ \t]+|\.)"
# ... any country's two letters (ISO 3166), not only the common ones: "... at centrum dot cz", "... at mailbox dot me"
COUNTRY_DOMAINS = (
    "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd "
    "cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge "
    "gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg "
    "kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu "
    "mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru "
    "rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz "
    "ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw").split()
TOP_LEVEL = (r"(?i:com|org|net|edu|gov|info|biz|app|dev|online|"
             + "|".join(COUNTRY_DOMAINS) + ")")
DOT_TOP_LEVEL = regex.compile(rf"\.{TOP_LEVEL}\b")  # a written domain after a spoken "at": "sam.t at example.com"
# a domain read out may be two words ("harbour bakery dot ie") and its country letters spelled ("dot u k")
SPELLED_TOP_LEVEL = "(?i:" + "|".join(rf"{pair[0]}[ \t]{pair[1]}"
                                     for pair in "ie uk co nz ca au de fr es it nl pl za".split()) + ")"
SPOKEN_DOMAIN = regex.compile(rf"[\w-]+(?:{SPOKEN_DOT}[\w-]+)*{SPOKEN_DOT}{TOP_LEVEL}(?![\w-])|"
                              rf"[\w-]+(?:[ \t]+[\w-]+)?(?:[ \t]+(?i:dot)[ \t]+[\w-]+)*[ \t]+(?i:dot)[ \t]+"
                              rf"(?:{TOP_LEVEL}|{SPELLED_TOP_LEVEL})(?![\w-])")
# ... "kasia underscore lis seventy two", "Kasia, underscore, Lis, seven-two" (read back, with commas)
NUMBER_WORD = (r"(?i:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
               r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|double|"
               r"triple)")
SPOKEN_JOINER = (rf"(?:,?[ \t]+(?i:underscore|dot|dash|hyphen|period),?[ \t]+|,?[ \t]+(?={NUMBER_WORD}\b)|"
                 r"[ \t]*[\[({<][ \t]*(?i:dot|underscore|dash)[ \t]*[\])}>][ \t]*|[._+-])")
SPOKEN_NAME = regex.compile(rf"(?<![\w.+'’-])[\w+-]+(?:{SPOKEN_JOINER}[\w+-]+)*$")
# Words before a spoken address that say it is one: "email me at", "my address is", "send it to"
EMAIL_CUE = regex.compile(r"(?i:\b(?:e-?mail|mail|address|contact|write|send|reach|drop)\b|\b(?:it['’]?s|is)[ \t]*:?"
                          r"[ \t]*$)")

MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
FOREIGN_MONTH = (r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
                 r"décembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|"
                 r"octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
                 r"novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
                 r"januar|februar|märz|maerz|juni|juli|oktober|dezember|januari|februari|maart|mei|augustus|"
                 r"marts|maj|augusti|desember|"  # Danish, Swedish, Norwegian: "2. marts 2026", "3 maj"
                 # Polish and Czech months as written after a day: "3 października 2023", "5. března 2024"
                 r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia|października|"
                 r"pazdziernika|listopada|grudnia|ledna|února|března|dubna|května|června|července|srpna|září|"
                 r"října|listopadu|prosince")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# A weekday just before a date is part of it: "Thu 02/05/2025", "Thursday, 2024-05-02"
WEEKDAY_BEFORE = regex.compile(r"(?<![\w-])(?i:Mon|Tues?|Wed(?:nes)?|Weds|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"
                               r"[ \t]+$")
ORDINAL_WORD = (r"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
                r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)")
YEAR = r"(?:,?\s+(?:\d{4}\b|['’]\d{2}\b))"  # 2019, or '87
DATE_PATTERNS = (
    regex.compile(r"(?<![\w./-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})"
                  r"(?![\w/-]|\.\d)"),
    regex.compile(rf"\b{WEEKDAY}(?:the\s+)?{DAY}(?:\s+of)?\s+(?i:{MONTH})\b\.?{YEAR}?"),
    regex.compile(rf"\b{WEEKDAY}{MONTH}\b\.?\s+(?:the\s+)?{DAY}\b{YEAR}?"),
    regex.compile(rf"\b{MONTH}\s+\d{{4}}\b"),
    regex.compile(rf"\b\d{{1,2}}[-/ ](?i:{MONTH})[-/ ](?:\d{{4}}|\d{{2}})\b"),  # 03-Feb-2025
    regex.compile(rf"\b{WEEKDAY}(?i:the\s+)?{ORDINAL_WORD}\s+(?i:of\s+{MONTH})\b{YEAR}?"),  # the third of may
    regex.compile(rf"\b{MONTH}\s+(?i:the\s+){ORDINAL_WORD}\b{YEAR}?"),
    # a day and month alone ("on 5/6"), only after a word that introduces a date (5/10 may be a score) ...
    regex.compile(r"(?<=\b(?i:on|since|until|till|by|before|after|from|to|dated|due)[ \t])\d{1,2}/\d{1,2}"
                  r"(?![\w/]|\.\d|\s+of\b)"),
    # ... or when the first number cannot be a score's (28/12: more than its denominator, at most a month)
    regex.compile(r"(?<![\w./-])(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])(?![\w/]|\.\d)"),
    # a day and a month in French, Spanish, Portuguese, Italian, German or Dutch: "3 mars 2024",
    # "14 de julio de 2023", "3. März 2025"
    regex.compile(rf"\b(?:[12]\d|3[01]|0?[1-9])(?:\.|º|er)?[ \t]+(?:de[ \t]+)?(?i:{FOREIGN_MONTH})\b"
                  r"(?:,?[ \t]+(?:(?i:de|del|do)[ \t]+)?\d{4}\b)?"),
    regex.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"),  # 2024年3月14日
    regex.compile(r"(?<![\w./-])(?:0[1-9]|1[0-2])/(?:19|20)\d{2}(?![\w/-]|\.\d)"),  # a month and year: 03/2021
    # a day and month after a weekday, either way round: "Thurs 4/23", "Fri 14/6"
    regex.compile(r"(?<=\b(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?\.?,?[ \t])"
                  r"\d{1,2}/\d{1,2}(?![\w/]|\.\d)"),
    # a month and year in other languages: "marzo de 2022", "Oktober 2021", "setembro do 2020"
    regex.compile(rf"\b(?i:{FOREIGN_MONTH})[ \t]+(?:(?i:de|del|do|di)[ \t]+)?(?:19|20)\d{{2}}\b"),
    # a weekday and a day of the month alone: "fri 17th", "Wednesday the 4th"
    regex.compile(r"\b(?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
                  r"\.?,?[ \t]+(?i:the[ \t]+)?(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)\b(?![ \t]+(?i:of|floor|time))"),
    # a day of the month alone after a word that introduces a date, not before a noun: "from the 9th to the 16th",
    # "by the 1st or ...", not "the 5th floor", "the 3rd time"
    regex.compile(r"\b(?i:on|by|from|to|until|till|before|after|since|and|or|for)[ \t]+(?P<date>(?i:the)[ \t]+"
                  r"(?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th))\b"
                  r"(?=[ \t]*(?:[.,;:!?)]|$|\n)|[ \t]+(?i:at|and|or|instead|then|so|but|if|because|when|please|is|"
                  r"was|works?|would|could|ok|okay|as|now|yeah|yes|no|not|right|maybe|to|till|until|through)\b)"),
    # a day and month with a dot after each (German, Nordic) after a word that introduces a date: "ab 3.11.",
    # "alkaen 15.8.", "from 2.10."
    regex.compile(r"(?<=\b(?i:on|since|until|till|by|before|after|from|dated|due|ab|am|vom|bis|seit|zum|fra|til|"
                  r"från|alkaen|lähtien|le|du|au|desde|hasta|dal|dall)[ \t])"
                  r"(?:[12]\d|3[01]|0?[1-9])\.(?:0?[1-9]|1[0-2])\.(?![\d\p{L}])"),
)
# A year read out in words after a date: "the 12th of June nineteen eighty-one", "... two thousand and nine"
UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
SPOKEN_YEAR = regex.compile(
    rf"(?i:,?[ \t]+(?:(?:nineteen|twenty)[ \t]+(?:{TENS_WORD}(?:[ \t-]{UNITS_WORD})?|{TEENS_WORD}|oh[ \t-]{UNITS_WORD}|"
    rf"hundred)|two[ \t]+thousand(?:[ \t]+(?:and[ \t]+)?(?:{TENS_WORD}(?:[ \t-]{UNITS_WORD})?|{TEENS_WORD}|"
    rf"{UNITS_WORD}))?)\b)")

PHONE_PATTERNS = (
    regex.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,5}(?!\w)"),
    regex.compile(r"(?<![\w+])0\d{1,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)"),
    regex.compile(r"(?<![\w+(])(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w)"),
    regex.compile(r"(?<![\w+./-])\d{3,5}(?:[ .-]\d{3,5}){2,3}(?![\w/-]|\.\d)"),  # 10-13 digits in groups
    regex.compile(r"(?<![\w+])00[\s.-]?\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\w)"),  # 0049 30 1234 5678
    # a trunk 0 and groups of two to four digits: 06 12 34 56 78 (France), 079 555 12 34 (Switzerland)
    regex.compile(r"(?<![\w+./-])0\d{1,3}(?:[ .-]\d{2,4}){2,4}(?![\w/-]|\.\d)"),
    regex.compile(r"(?<![\w+])\(0?\d{1,4}\)[ \t]?\d{3,5}[ \t.-]?\d{3,4}(?!\w)"),  # (02) 9555 0183, (11) 3555-0199
    regex.compile(r"(?<![\w+./-])[6-9]\d{4}[ -]\d{5}(?![\w/-]|\.\d)"),  # Indian mobile 98765 43210
    regex.compile(r"(?<![\w+./-])[6-9]\d{2}(?:[ .]\d{2}){3}(?![\w/-]|\.\d)"),  # Spanish mobile 612 34 56 78
)
NORDIC_MOBILE = regex.compile(r"(?<![\w+./-])[49]\d{2} \d{2} \d{3}(?![\w/-]|\.\d|[ \t]\d)")  # Norway: 412 34 567
# Numbers read out in words: "oh seven nine double one, four three two...", "six one seven, two two four..."
DIGIT_WORD = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_NUMBER = regex.compile(rf"(?i:\b(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}"
                              rf"(?:(?:[ \t]*,[ \t]*|[ \t]+|-)(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}){{5,}}\b)")
SPOKEN_AREA_CODE = regex.compile(
    rf"(?i:,?[ \t]+area[ \t]+code[ \t]+(?P<code>{DIGIT_WORD}(?:[ \t]+{DIGIT_WORD}){{2}})\b)")
PHONE_WORD_BEFORE = regex.compile(r"(?i:\b(?:number|phone|mobile|cell|landline|tel|ring|call|text)\b(?:['’]s)?"
                                  r"(?:[ \t]+(?:is|was|on|me|him|her|it['’]s))*[ \t:,]*)$")
DIGIT_VALUES = {"zero": "0", "oh": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


SPOKEN_PLUS = regex.compile(r"\b(?i:plus)[ \t]+$")


def _spoken_digits(words: str) -> str:
    """The digits a number read out in words stands for: 'oh seven double one' is 0711."""
    digits, repeat = [], 1
    for word in regex.findall(r"\p{L}+", words.lower()):
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        digits.append(DIGIT_VALUES[word] * repeat)
        repeat = 1
    return "".join(digits)


def _spoken_phones(text: str) -> Iterable[tuple[int, int]]:
    """Phone numbers read out in words: nine to fifteen digits, not a count ("one, two, three, four..."); seven
    or eight after a word for a phone number ("the landlord's number is ..."), or with the area code read out
    after them ("..., area code three one two")."""
    for match in SPOKEN_NUMBER.finditer(text):
        digits = _spoken_digits(match.group(0))
        steps = {int(after) - int(before) for before, after in zip(digits, digits[1:], strict=False)}
        if len(steps) == 1 and steps <= {1, -1}:
            continue
        end = match.end()
        area = SPOKEN_AREA_CODE.match(text, end)
        if area:
            digits, end = digits + _spoken_digits(area.group("code")), area.end()
        if 9 <= len(digits) <= 15 or 7 <= len(digits) <= 8 and PHONE_WORD_BEFORE.search(
                text, max(0, match.start() - 40), match.start()):
            plus = SPOKEN_PLUS.search(text, max(0, match.start() - 6), match.start())
            yield plus.start() if plus else match.start(), end  # "plus six one, ...": the country code's sign
# A number after a word for a phone ("mobile", "whatsapp me on"; "cel.", "móvil", "tlf." in Spanish; "HP", a
# handphone, in Singapore and Malaysia), in any grouping: 9123 4567 (Singapore)
PHONE_AFTER_KEYWORD = regex.compile(
    r"\b(?:(?i:phone|tel|telephone|mobile|mob|cell|cellphone|cel|celular|m[oó]vil|tlf|tfno|handphone|landline|"
    r"whatsapp|number|fax|text|call|ring|reach)|HP)\.?"
    r"(?:['’]s|[ \t]+(?i:me|us|him|her|them|is|on|at|number|no\.?))*[ \t]*:?[ \t]*"
    r"(?P<value>\d[\d \t.-]{5,18}\d)(?![\w/-]|\.\d)")
EXTENSION = regex.compile(r"[ \t]*(?i:ext\.?|extension|x)[ \t]*\d{1,5}\b")
LOCAL_PHONE = regex.compile(r"(?<![\w+./-])\d{3}[.-]\d{4}(?![\w/-]|\.\d)")  # US 555-0147

STATES = (r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
          r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC")
# US states, Canadian provinces and Australian states: the region after a town ("Ottawa ON", "Newtown NSW")
REGIONS = rf"NSW|VIC|QLD|TAS|ACT|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|{STATES}"
UK_POSTCODE = regex.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})\b")
EIRCODE = regex.compile(r"(?i:\b[ac-fhknprtv-y]\d{2}[ \t]?[ac-fhknprtv-y\d]{4}\b)(?<=\d\w*\d\w*)")
AU_POSTCODE = regex.compile(r"(?<=\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]{1,2})\d{4}\b")
UK_POSTCODE_LOWER = regex.compile(r"\b[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ \t]\d[abd-hjlnp-uw-z]{2}\b")  # ls6 2qt
ZIP_CODE = regex.compile(rf"(?:(?<=\b(?:{STATES})[ \t]{{1,2}})|(?<=(?i:\bzip(?:[ \t]?code)?)[:\s]{{1,3}}))"
                         r"\d{5}(?:-\d{4})?\b|\b\d{5}-\d{4}\b")
# Postcodes of other countries. Shapes that nothing else takes are enough: Canada's A1A 1A1, Brazil's 01310-100,
# Japan's 〒100-0001. Bare numbers (75011, 1012 AB, 00-950, 400 001, 114 55) need a cue: a postcode keyword, a
# place name beside them (10115 Berlin, Mumbai 400 001), or an address just before them.
POSTCODE_SHAPES = (
    regex.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b"),  # Canada
    regex.compile(r"\b[abceghj-nprstvxy]\d[abceghj-nprstv-z] \d[abceghj-nprstv-z]\d\b"),  # canada, lower case
    regex.compile(r"(?<![\w+./-])\d{5}-\d{3}(?![\w-])"),  # Brazil
    regex.compile(r"〒[ \t]?\d{3}-?\d{4}\b"),  # Japan, with its postal mark
    regex.compile(r"\b[A-HJ-NP-Z]\d{4}[A-Z]{3}\b"),  # Argentina: C1425ABC
    regex.compile(r"(?<![\w+./-])\d{5}(?=[ \t]+(?:area|district|arrondissement)\b)"),  # "the 75011 area"
    regex.compile(r"(?<=\b(?i:box)[ \t]+\d{1,7}-)\d{5}(?!\w)"),  # a Kenyan box and its postcode: Box 52011-00100
)
POSTCODE_AFTER_KEYWORD = regex.compile(
    r"\b(?:(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|code[ \t]+postal|eircode)|"
    r"PIN|PLZ|CEP|C\.P\.)(?:[ \t]+(?i:is|was|of))?[ \t]*[:#]?[ \t]*"
    r"(?P<code>[A-Za-z\d]{2,7}(?:[ -][A-Za-z\d]{2,4})?)(?![\w-])")
# A postcode given as the whole answer to a question that asks for it: "T: And the postcode?\nC: 2145"
POSTCODE_ANSWER = regex.compile(
    r"\b(?:(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|c[óo]digo[ \t]+postal|"
    r"code[ \t]+postal|eircode|postleitzahl|postnummer)|PLZ|CEP|CAP)\b[^\n?]{0,40}\?[ \t]*\n(?:[^\n:]{1,20}:)?[ \t]*"
    r"(?P<code>[A-Za-z\d]{2,7}(?:[ -][A-Za-z\d]{2,4})?)[ \t]*[.!]?[ \t]*(?=\n|$)")
# A postcode read out in words after its keyword: "the zip is nine four one one two"
POSTCODE_SPOKEN = regex.compile(
    r"(?i:\b(?:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|eircode)(?:['’]s|[ \t]+(?:is|was))?"
    rf"[ \t]*:?[ \t]*)(?P<code>(?i:{DIGIT_WORD}(?:[ \t,-]+(?:(?:double|triple)[ \t]+)?{DIGIT_WORD}){{2,6}})\b)")
# A number said to be the postcode: "2830 is the postcode"; just after an address, "... 2830 is the code"
CODE_IS_POSTCODE = regex.compile(
    r"(?<![\w.,-])(?P<code>\d{3,6}|\d{2}-\d{3}|\d{4}-\d{3})[ \t]+(?:is|was|['’]s)[ \t]+(?:the|my|our|their)[ \t]+"
    r"(?i:post[ \t]?code|postal[ \t]+code|zip(?:[ \t]?code)?|pin[ \t]?code|(?P<bare>code))\b")
PLACE = r"\p{Lu}[\p{Ll}'’-]+(?:[ \t]+\p{Lu}[\p{Ll}'’-]+){0,2}"
# The number shapes of postcodes that stand before or after their town
CODE_BEFORE_PLACE = (r"(?:[A-Z]{1,2}-)?\d{4,6}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2}|\d{3}-\d{4}|"
                     r"[1-9]\d{3}[ \t]?(?!SA|SD|SS)[A-Z]{2}")
CODE_AFTER_PLACE = r"\d{6}|\d{3}[ \t]\d{3}|\d{3}-\d{4}|\d{4,5}|\d{2}-\d{3}|\d{4,5}-\d{3}"
PLACE_THEN_CODE = regex.compile(
    rf"(?P<place>{PLACE})[ \t]*[,-]?[ \t]*(?P<code>{CODE_AFTER_PLACE})(?![\w-]|[.,:]?[ \t]?\d)")
CODE_THEN_PLACE = regex.compile(rf"(?<![\w+./-])(?P<code>{CODE_BEFORE_PLACE})[ \t]+(?P<place>{PLACE})")
# ...and in lower case before a listed city: "3511 ab utrecht", "0150 oslo"
CODE_THEN_CITY = regex.compile(r"(?<![\w+./-])(?=\d|[A-Z]{1,2}-)"
                               r"(?P<code>[1-9]\d{3}[ \t]?[a-z]{2}|(?:[A-Z]{1,2}-)?\d{4,5}|"
                               r"\d{2}-\d{3}|\d{4}-\d{3}|\d{3}[ \t]\d{2})[ \t]+"
                               r"(?P<place>\p{Ll}[\p{Ll}-]+(?:[ \t]+\p{Ll}+)?)"
                               r"(?![\p{L}\d'’-])")
# After an address: up to four words (towns, regions, "in the"), then a number shaped like a postcode
ADDRESS_TAIL = regex.compile(
    r"(?P<words>(?:[ \t,]+\p{L}[\p{L}'’.-]*+){0,4}?)[ \t,]*"
    rf"(?P<code>{CODE_BEFORE_PLACE}|{CODE_AFTER_PLACE})(?![\w-]|[.,:]?[ \t]?\d)")
YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")
TOWN_OR_COMMA_LAST = regex.compile(r"(?:,|\p{Lu}\S*)[ \t]*$")  # "Leeds 2019", ", 2019": a year may be a postcode
# Capitalised words before a number that are not towns ("Room 214", "Level 3", "Spring 2020")
NOT_PLACES = _words("""
room rooms ward bay bed beds level floor block section step stage module session page year grade group form
table chapter part phase week day number score total item question unit plot flat area district ref version
series episode track verse line exit gate platform bus route train flight seat box code pin door spring summer
autumn winter fall term semester class lesson test trial wave cohort visit day call landline mobile phone
tel telephone fax cell
""")

STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Crescent|Cres|Place|Pl|Way|"
          r"Boulevard|Blvd|Terrace|Gardens|Gdns|Grove|Square|Sq|Hill|Park|Row|Mews|Walk|Parade|Rise|View|Green|"
          r"Circle|Highway|Hwy|Parkway|Pkwy|Trail|Wharf|Quay|Yard|Esplanade|Broadway|Heights|Vale|Chase|Croft|"
          r"Meadows?|Ridge|Embankment|Promenade|Circus|Crossing|Loop|Glen|Dale|Bank|Fold|Wynd|Brae|Marg|Nagar|"
          r"Salai|Cl|Pde|Tce|Cct|Esp|Bvd|Ter|Trl|Cir|Hts)")
# (W.) Ashland Ave, 14 MG Road, King St W
STREET_NAME = (rf"(?:[NSEW]\.?[ \t]+)?(?:(?:\p{{Lu}}[\p{{Ll}}'’]+|\p{{Lu}}{{2,3}}|\d{{1,3}}(?:st|nd|rd|th))[ \t]+)"
               rf"{{1,3}}{STREET}\b\.?"
               r"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Lower|Upper|Extension|Ext\.)(?![\w]))?")
# Flat 3, Apt 4B, Flat B, 12/F (the twelfth floor), No. 14 (Indian addresses)
# ... and before them a room, tower or block ("Rm 1502, Tower 2, 33 Canton Road"), a flat number alone ("4B, 27
# Bishop Street"), an Edinburgh floor and flat ("2F1, 9 Marchmont Crescent") or a Korean block and flat (101-1203)
UNIT = (r"(?:(?:(?:Flat|Apartment|Appt|App\.|Apt|Unit|Lot|Suite|Ste|No\.|Room|Rm|Tower|Block|Building|Bldg|Bâtiment|"
        r"Bât\.|Escalier|Esc\.|Entrée)[ \t]*"
        r"(?:#?\w{1,5}(?:-\d{1,5})?,?[ \t]+)?(?:\d{1,3}/F,?[ \t]+)?){1,2}|\d{1,4}[A-Za-z]\d{0,2},[ \t]+|"
        r"\d{1,2}/\d{1,2},[ \t]+(?=\d))?")  # ... or a Glasgow floor and door: "3/2, 88 Byres Road"
BUILDING = (r"(?:(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,3}(?:Apartments|Apts|Residency|Towers?|Mansions|Heights|Complex|"
            r"Enclave|Building|Bldg|House|Court|Lodge|Villas?|Flats|Estate)\b,?[ \t]+|"
            r"The[ \t]+\p{Lu}[\p{Ll}'’]+(?:[ \t]+\p{Lu}[\p{Ll}'’]+)?,[ \t]+(?=\d))?")  # Shanti Apartments, The Maltings
HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?"  # 27, 27a, 5/12 (unit 5 of number 12)
STATE = rf"(?:,?[ \t]+(?:{REGIONS})\b)?"
UNIT_AFTER = r"(?:,?[ \t]+(?:(?:Flat|Apartment|Apt|Unit|Suite|Ste)\.?[ \t]*#?|#)\w{1,5}(?:-\w{1,5})?\b)?"
# A house number read out in words: "forty two", "nineteen oh four" (two words at least)
HOUSE_WORD = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
              r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|oh|hundred)")
HOUSE_WORDS = rf"\b{HOUSE_WORD}(?:[ \t-]+{HOUSE_WORD}){{1,3}}"
# ... and the same with the house number read out in words (see SPOKEN_ADDRESS below)
# Words that are not a street's name in lower case: "a 20 minute walk", "3 times round the park"
NOT_STREET_WORDS = (r"the|a|an|to|of|in|on|at|up|down|round|times?|more|less|miles?|minutes?|mins?|hours?|hrs?|"
                    r"seconds?|days?|weeks?|months?|years?|km|k|metres?|meters?|steps?|laps?|pounds?|quid|dollars?|"
                    r"euros?|percent|mg|ml|bus|car|train|minute|long|short|quick|slow|brisk|hard|easy|big|little|each|one|"
                    r"per|a|way")
# The house number after the street, as in most of Europe and Latin America: "Calle Mayor 5", "Rua das Flores 45",
# "ul. Marszałkowska 84/92"; and streets named by a suffix: "Hauptstrasse 12", "Keizersgracht 318", "Storgatan 7"
STREET_FIRST = (r"(?i:calle|avenida|avda\.?|rua|viale|piazza|piazzale|vicolo|paseo|praça|praca|travessa|carrer|"
                r"rue|chaussée|ulica|aleja|jalan|jln\.?|calea|strada)|C/|Av\.|Via|Corso|Largo|Plaza|Camino|Ronda|"
                r"Rambla|ul\.|al\.|Jl\.")
# a particle and the space after it (none after an apostrophe: "l'Église")
STREET_PARTICLE = (r"(?i:(?:de|del|dels|dos|das|da|do|di|dei|degli|della|delle|des|du|la|le|les|y|e|i)[ \t]+|"
                   r"[ld]['’][ \t]*)")
STREET_SUFFIX = (r"(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|gracht|straat|laan|plein|kade|singel|"
                 r"steeg|dijk|gade|gatan|vägen|vej|veien|gata|torget|torv|tie|katu|kuja|polku|väylä|tori)")
STREET_SUFFIX_LOWER = (r"(?:straße|strasse|weg|gasse|platz|allee|gracht|straat|laan|plein|gatan|vägen|veien|"
                       r"gata)")  # in lower case: not 'brigade', 'blockade'...
# 5, nº 5, 84/92, 4a; a Dutch floor (88-III, 44-hs) or a Polish flat (7 m. 12); then perhaps a floor: "45, 2º B",
# "12, 3º izda"
FLOOR_SIDE = r"(?:[ \t]*(?:[A-Z]\b|(?i:izda|izqda|izq|dcha|dch|der|ctro|centro|esq|dto|drt|frt|tv|th|mf)\b\.?))"
HOUSE_AFTER = (r"(?:n[º°o]\.?[ \t]*)?\d{1,5}(?:[A-Za-z]|[ \t][A-Z](?=,))?(?:[-/]\d{1,5}[A-Za-z]?)?"
               r"(?:[ \t]?(?:bis|ter|quater)\b)?"  # "Via Manin 14 bis", "Kade 7 ter"
               r"(?:-(?:I{1,3}|IV|hs|huis)\b)?"
               r"(?:[ \t]+(?:m\.|(?i:lgh|lägenhet))[ \t]*\d{1,4}\b|[ \t]+[A-Z][ \t]+\d{1,3}\b)?"
               rf"(?:,?[ \t]*\d{{1,2}}\.?[º°ª]{FLOOR_SIDE}?|,[ \t]*\d{{1,2}}\.[ \t]*(?i:tv|th|mf|sal)\b\.?)?")
STREET_FIRST_ADDRESS = regex.compile(
    rf"\b{UNIT}(?:{STREET_FIRST})[ \t]+(?P<street>(?:{STREET_PARTICLE}|\p{{Lu}}[\p{{L}}'’.-]*[ \t]+){{0,4}}"
    rf"\p{{Lu}}[\p{{L}}'’.-]*|{STREET_PARTICLE}?\p{{Ll}}[\p{{L}}'’-]*(?:[ \t]+\p{{Ll}}[\p{{L}}'’-]*)?"
    rf"(?:[ \t]+{STREET_PARTICLE}\p{{Ll}}[\p{{L}}'’-]*)?),?[ \t]+"  # "rua quinze de novembro 12"
    rf"{HOUSE_AFTER}(?![\w/-])")
SUFFIX_STREET_ADDRESS = regex.compile(
    rf"\b(?:\p{{Lu}}\p{{Ll}}*(?:-\p{{Lu}}\p{{Ll}}*)*(?:{STREET_SUFFIX}|-(?i:{STREET_SUFFIX}))|"
    rf"\p{{Ll}}{{3,}}{STREET_SUFFIX_LOWER}|(?:\p{{Lu}}[\p{{L}}'’-]+[ \t]+){{1,3}}"
    rf"(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|gate|gata|gade|vej|vei|straat|laan|Torget|Torg|Torv|Plads|"
    rf"Gränd|Gatan|Vägen|Gata|Gate))[ \t]+{HOUSE_AFTER}"
    rf"(?![\w/-])")
# The number first, then a French (or Italian) street type: "12 rue de la Paix", "27 boulevard Voltaire",
# "3 place du Marché", "5 via dei Mille". Types that are English words too (place, avenue, route, via) need a
# particle or a capital after them, and a capital that is not a name ("3 via Zoom") is no street.
FRENCH_STREET = regex.compile(
    rf"\b{UNIT}(?:\d{{1,4}}-)?\d{{1,4}}(?:[ \t]?(?:bis|ter)\b)?,?[ \t]+"  # "12-340 ...": a Canadian unit first
    rf"(?:(?i:rue|allée|allee|impasse|chemin|quai|montée|ruelle|sentier|traverse)[ \t]+"
    rf"{STREET_PARTICLE}*|(?i:avenue|av\.|boulevard|boul\.|bd|place|pl\.|cours|route|square|passage|"
    rf"faubourg|promenade|voie|esplanade|via|viale)[ \t]+(?:{STREET_PARTICLE}+|(?=\p{{Lu}})))"
    r"(?P<street>[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,3})")
# Welsh streets, the number before the street's type: "11 Heol y Nant", "2 Ffordd y Môr", "5 Lôn Glyd"
WELSH_STREET = regex.compile(rf"\b{UNIT}\d{{1,4}}[A-Za-z]?,?[ \t]+(?:Heol|Ffordd|Stryd|Lôn|Lon|Rhodfa|Cilgant|"
                             r"Teras|Clos|Llwybr)[ \t]+(?:(?:y|yr|'r|’r)[ \t]+)?"
                             r"\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?")
# A house's name before its address, at the start of a line or after a colon: a Welsh name ("Bryn Awel, ...",
# "Tŷ Coch, ...") or a name ending in a word for a house ("Rose Cottage, ...", "The Old Rectory, ...")
HOUSE_NAME = regex.compile(
    r"(?:^|(?<=[\n:;][ \t]*))(?:The[ \t]+)?(?:(?:Tŷ|Ty|Bryn|Pen|Plas|Llys|Bron|Maes|Hafod|Cae|Nant|Coed|Glan|Pant|"
    r"Rhos|Gwel|Bod)[ \t]+\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?|(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,2}"
    r"(?:Cottage|Cottages|House|Farm|Farmhouse|Lodge|Barn|Villa|Manor|Hall|Grange|Rectory|Vicarage|Bungalow))"
    r",[ \t]*$")
# An Indian flat by its wing and number, then the building's name, before a street: "C-408 Sagar Darshan, tilak
# road"
WING_FLAT = regex.compile(r"\b[A-Z]-\d{2,4}[ \t]+(?:\p{Lu}\p{Ll}+[ \t]+){0,2}\p{Lu}\p{Ll}+"
                          r"(?=,[ \t]*(?:\p{L}+[ \t]+){1,2}(?i:road|rd|marg|street|st|lane|nagar|colony|cross|main)\b)")
# A street, then its number after a word for it: "hartley road, number 12", "Gladstone Street, no. 40"
STREET_THEN_NUMBER = regex.compile(
    rf"(?i:\b(?:(?!(?:{NOT_STREET_WORDS}|the|on|my|his|her|our|their|your)\b)\p{{L}}[\p{{L}}'’]+[ \t]+){{1,2}}"
    r"(?:street|road|avenue|lane|drive|close|crescent|terrace|way|st|rd|ave),?[ \t]+(?:number|no\.?|num\.?|#)"
    r"[ \t]*\d{1,4}[a-z]?)\b")
# Japanese block addresses, chōme-banchi-gō and then the district: "2-8-15 Ebisu, Shibuya-ku" (kept only when a
# ward or city with its suffix, or a Japanese postcode, follows: "1-2-3 Magic" is a parenting course)
JAPANESE_BLOCK = regex.compile(rf"(?<![\w./-]){UNIT}\d{{1,2}}-\d{{1,2}}(?:-\d{{1,4}}){{1,2}},?[ \t]+\p{{Lu}}\p{{Ll}}+"
                               r"(?:-\p{L}\p{Ll}+)?(?:[ \t]+\p{Lu}\p{Ll}+(?:-\p{L}\p{Ll}+)?){0,2}"
                               r"(?=,)")
WARD_SUFFIX = regex.compile(r"\p{L}-(?:ku|shi|cho|chō|machi|gun|ken|mura|gu|si|dong)\b|[ \t]*〒?\d{3}-\d{4}\b")
# Korean roads named by a suffix: "45 Teheran-ro", "12 Insadong-gil"
KOREAN_STREET = regex.compile(rf"\b{UNIT}\d{{1,5}}(?:-\d{{1,4}})?[ \t]+\p{{Lu}}\p{{Ll}}+(?:\d{{1,3}})?"
                              r"-(?:ro|gil|daero)\b")
# Turkish streets, the number after them: "Bağdat Caddesi No: 212", "Moda Sokak 14/3"
TURKISH_STREET = regex.compile(
    r"\b(?:\p{Lu}[\p{L}]+[ \t]+){1,3}(?:Caddesi|Cad\.|Cd\.|Sokak|Sokağı|Sok\.|Sk\.|Bulvarı|Blv\.)[ \t]*"
    r"(?:No[:.]?[ \t]*)?\d{1,4}[A-Za-z]?(?:/\d{1,3}[A-Za-z]?)?(?![\w/-])")
# A house number read out in words, then one to three words and a street type: "forty two pine street"
SPOKEN_ADDRESS = regex.compile(
    rf"(?i:{HOUSE_WORDS})[ \t]+(?:(?!(?:{NOT_STREET_WORDS})\b)\p{{L}}[\p{{L}}'’]*\.?[ \t]+){{1,3}}"
    r"(?i:street|st|road|rd|avenue|ave|lane|drive|close|crescent|way|gardens|grove|terrace|place|court|boulevard)\b")
# An Irish estate or road named in Irish after the house number, in any case: "22 Cnoc na Gaoithe", "9 páirc an
# rí" (a word for a hill, park, view, glen or road, perhaps a particle, then one word)
IRISH_ESTATE = regex.compile(
    r"(?<![\d.,$£€])\b\d{1,4}[A-Za-z]?,?[ \t]+(?i:ard|árd|cnoc|páirc|pairc|radharc|gleann|bóthar|bothar|cluain|lios|"
    r"baile|sráid|sraid|ascaill|céide|ceide|bóithrín|garrán|garran|coill|móinéar|faiche|cúirt|cuirt|ráth|rath)"
    r"[ \t]+(?:(?i:na|an|a|an[ \t]+t|na[ \t]+h|ui|uí)[ \t]+)?\p{L}[\p{L}'’-]+")
IRISH_ESTATE_WORDS = tuple(  # for REQUIRED_WORDS
    "ard árd cnoc páirc pairc radharc gleann bóthar bothar cluain lios baile sráid sraid ascaill céide ceide "
    "bóithrín garrán garran coill móinéar faiche cúirt cuirt ráth rath".split())
# An American house number (three digits at least, or read out in words), a compass point and a street's name
# without its type, kept only when a town follows it: "4420 north halsted, chicago"
COMPASS_STREET = regex.compile(
    rf"(?:(?i:{HOUSE_WORDS})|(?<![\d.,$£€-])\b\d{{3,5}})[ \t]+(?i:north|south|east|west)[ \t]+"
    rf"(?!(?i:{NOT_STREET_WORDS}|and|or|of|side|end|coast|wales|africa|america|korea|london)\b)\p{{L}}[\p{{L}}'’-]+"
    r"(?=[ \t]*,)")
COMPASS_WORDS = regex.compile(r" (?:north|south|east|west) ")
SPOKEN_ADDRESS_WORDS = tuple(f" {word}" for word in "street st road rd avenue ave lane drive close crescent way "
                             "gardens grove terrace place court boulevard".split())
# A named street without a number, after "on", "in", "at"...: the one address pattern that needs no digit
NAMED_STREET = regex.compile(r"(?<=\b(?:on|in|at|off|near|along|from)[ \t])(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,2}"
                             r"(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Terrace|Gardens|Grove|Boulevard|Mews)\b")
# A form's address field: the value after the label, to the end of its line or field, is the address whatever its
# parts look like ("Address: Gort na Móna, Baile Uí Bhriain, Co. Mhaigh Eo", "Adresse: B-7, Kiran Society,
# Gangapur, Nashik"), up to a postcode inside it; the label opens a line or a sentence (not "Email address:")
FORM_ADDRESS = regex.compile(
    r"(?:^|(?<=\n)|(?<=[.;][ \t]))[ \t]*(?i:(?:home|postal|current|permanent|residential|street|mailing|"
    r"previous|new|old|client|patient|usual)[ \t]+)?"
    r"(?i:address|addr\.?|adresse|anschrift|wohnadresse|dirección|direccion|domicilio|endereço|endereco|indirizzo|"
    r"residenza|osoite|adres|adress|adressi|adresa|adresas|cím|naslov)[ \t]*:[ \t]*"
    r"(?P<value>[^\n\t|;]+?)(?=[ \t]*(?:\n|\t|[ \t]{2}|\||;|$|(?<=\p{L}{4})\.[ \t]+\p{Lu}))")
FORM_ADDRESS_STEMS = ("addr", "adres", "anschrift", "direcc", "dirección", "domicilio", "endere", "indirizzo",
                      "residenza", "osoite", "cím", "naslov")  # a text with none of them has no address field
# ... a value that says there is none is no address: "Address: as above", "Address: NFA"
FORM_ADDRESS_NONE = regex.compile(r"(?i:see|as|same|n/?a|none|nfa|no[ \t]+fixed|unknown|not|tbc|withheld|"
                                  r"declined|refused|on[ \t]+file)\b")
# A Japanese address in its own script after the postal mark and code, or after 住所 ("address"), to the end of the
# line: prefecture, ward, district, block numbers and building ("〒150-0002 東京都渋谷区..."); the code stays a POSTCODE
JAPANESE_SCRIPT = regex.compile(r"(?:〒[ \t]?\d{3}-?\d{4}|住所[：:])[ \t\u3000]*"
                                r"(?P<address>[\p{Han}\p{Hiragana}\p{Katakana}ー々][\p{Han}\p{Hiragana}\p{Katakana}ー々"
                                r"\d０-９\-－−‐ \t\u3000]*)")
ADDRESS_PATTERNS = (
    regex.compile(rf"\b{UNIT}{BUILDING}{HOUSE}[ \t]+{STREET_NAME}{UNIT_AFTER}{STATE}"),  # the town: ADDRESS_PART
    # written in lower case ("flat 2, 9 mill lane"): a house number, one to three words and a street type
    # (a flat "at" the address, "apartment 5d at 318 ..."; ordinals in the street, "s 31st ave")
    regex.compile(r"(?i:\b(?:(?:flat|apartment|apt|unit)\.?[ \t]*(?:\w{1,5},?[ \t]+(?:at[ \t]+)?)?|"
                  r"\d{1,2}/\d{1,2},[ \t]+|no\.?[ \t]*|lot[ \t]+)?)"
                  r"(?<![\d.,$£€])\d{1,5}[a-z]?(?:[-/]\d{1,5})?[ \t]+"
                  rf"(?:(?!(?:{NOT_STREET_WORDS})\b)(?:[a-z'’]+(?:-[a-z]+)?|\d{{1,3}}(?:st|nd|rd|th))\.?[ \t]+){{1,3}}"
                  r"(?:street|st|road|rd|avenue|ave|lane|"
                  r"drive|close|crescent|way|gardens|grove|terrace|place|court|square|mews|park|row|walk|rise|view|green|"
                  r"hill|parade|boulevard|circle|highway|wharf|quay|yard|vale|heights|esplanade|"
                  r"ct|cres|pde|tce|cct|hwy|blvd|dr(?=[ \t]*(?:[,.;!?\n]|$)))\b"),  # Australian types: "8 x cres"
    PO_BOX := regex.compile(rf"\b{UNIT}(?:P\.?[ \t]?O\.?[ \t]*Box|(?:p\.[ \t]?o\.|po)[ \t]*box)[ \t]+"  # "p.o. box 88"
                  rf"\d+(?:-\d+(?!\w))?{STATE}(?<!-\d{{5}})"),
    # Private Bag X12 (South Africa), RR 2 Box 152 (a rural route)
    regex.compile(r"\b(?:Private[ \t]+Bag[ \t]+X?\d{1,6}|(?:RR|HC)[ \t]*\d{1,4}[ \t]+Box[ \t]+\d{1,5}|"
                  r"Rural[ \t]+Route[ \t]*\d{1,4}(?:[ \t]+Box[ \t]+\d{1,5})?)\b"),  # not "RR 18" (breaths)
    # a numbered rural road after the house number, in any case, before a comma or the end: "212 County Road 14,
    # ...", "9 state route 31."
    RURAL_ROAD := regex.compile(
                  r"(?i:(?<![\d.,$£€])\b\d{1,5}[ \t]+(?:(?:county|state|farm|ranch|forest|township|parish)[ \t]+"
                  r"(?:road|rd|route|rte|highway|hwy)|co\.?[ \t]+rd\.?|route|rte|highway|hwy)[ \t]+\d{1,4}[a-z]?\b)"
                  r"(?=[ \t]*(?:[,.;\n]|$))"),  # then the town or the end: not "2 highway 1 exits back"
    # Colombian numbered streets: Carrera 7 # 40-62, Calle 50 No. 12-34
    regex.compile(r"\b(?:Carrera|Cra\.?|Calle|Avenida|Diagonal|Transversal)[ \t]+\d{1,3}[A-Z]?(?:[ \t]+Bis)?[ \t]*"
                  r"(?:#|No\.?|N[º°])[ \t]*\d{1,3}[A-Z]?-\d{1,3}\b"),
    NAMED_STREET,
    STREET_FIRST_ADDRESS,
    SUFFIX_STREET_ADDRESS,
    FRENCH_STREET,
    JAPANESE_BLOCK,
    KOREAN_STREET,
    TURKISH_STREET,
    WELSH_STREET,
    WING_FLAT,
    STREET_THEN_NUMBER,
    *(UNIT_ADDRESSES := (
    # Singapore blocks: "Block 12 #04-56", "Blk 405 Ang Mo Kio Ave 10 #11-1203"; a #floor-unit alone
    regex.compile(r"\b(?i:blk|block)\.?[ \t]*\d{1,4}[A-Za-z]?(?:(?:[ \t]+(?:\p{Lu}[\p{L}]*[ \t]+){1,4}"
                  r"(?:Ave(?:nue)?|St(?:reet)?|Road|Rd|Drive|Dr|Crescent|Cres|Link|Walk|Lane|Close|Central|Ring|Lor|"
                  r"Lorong)\.?(?:[ \t]+\d{1,3})?|[ \t]+(?:Jalan|Jln\.?|Lorong|Lor)(?:[ \t]+\p{Lu}[\p{L}]*){1,3}"
                  r"(?:[ \t]+\d{1,3})?)(?:,?[ \t]*#\d{1,3}-\d{1,5}[A-Za-z]?)?|,?[ \t]*#\d{1,3}-\d{1,5}[A-Za-z]?)\b"),
    regex.compile(r"(?<![\w#])#\d{2}-\d{2,5}[A-Za-z]?\b"),
    regex.compile(rf"\b{UNIT}\d{{1,2}}(?:st|nd|rd|th)[ \t]+(?:Cross|Main)(?:[ \t]+{STREET})?\b"),  # 3rd Cross
    # plots and numbered houses: "Plot 45, Kira Road", "plot no. 118", "House No. 7-1-621"
    regex.compile(rf"\b(?:(?i:plot|stand|erf|house|hse|h\.|door|flat|shop|survey)[ \t]*(?i:no\.?|number|#)|Plot|Erf|"
                  rf"Stand(?=[ \t]+\d+,))"
                  rf"[ \t]*\d{{1,5}}[A-Za-z]?(?:[-/](?:\d{{1,5}}[A-Za-z]?|[A-Za-z]\b)){{0,3}}\b"
                  rf"(?:,?[ \t]+{STREET_NAME})?"),
    # a unit or flat, then a street without a number: "Unit 7, Bridge Street"
    # ... perhaps with the building's name between: "Flat 6, The Granary, Mill Street", "Apartment C7, Acacia
    # Gardens, Ngong Road"
    regex.compile(rf"\b(?:Unit|Flat|Apartment|Apt|Suite|House|Villa|Plot|Bâtiment)\.?[ \t]*#?[A-Z]?\d{{1,4}}[A-Za-z]?,"
                  r"[ \t]+"
                  rf"(?:(?:The[ \t]+)?(?:\p{{Lu}}[\p{{Ll}}'’]+[ \t]+){{0,2}}\p{{Lu}}[\p{{Ll}}'’]+,[ \t]+)?"
                  rf"(?:\p{{Lu}}[\p{{Ll}}'’]+[ \t]+){{1,3}}{STREET}\b"),
    # a flat or unit alone: "Unit 3/14", "Flat 4", "Apt 7C"
    regex.compile(r"\b(?:(?:Unit|(?i:flat|apartment|apt))\.?[ \t]*#?\d{1,4}[A-Za-z]?/\d{1,5}[A-Za-z]?|"
                  r"(?:Flat|Apartment|Apt)\.?[ \t]*#?\d{1,4}[A-Za-z]?|"
                  # in lower case before a building's name: "flat 12, Lotus Residency"
                  r"(?i:flat|apartment|apt)\.?[ \t]*#?\d{1,4}[A-Za-z]?(?=,[ \t]*(?:\p{Lu}[\p{Ll}'’]+[ \t]+){1,3}"
                  r"(?:Apartments|Apts|Residency|Towers?|Mansions|Heights|Complex|Enclave|Building|Bldg|House|Court|"
                  r"Lodge|Villas?|Flats|Estate|Society|Nivas|Niwas|Sadan|Bhavan|Bhawan|Kunj|Dham)\b))\b"),
    )),
)

# An address runs on past its street over the parts that follow it, each after a comma, up to a postcode, a line
# end or a sentence end: a flat or floor ("apto 52", "int. 3", "3º dcha"), the locality, town and region
# ("Rathmines, Dublin 6", "Col. Centro", "Brgy. San Isidro", "Newtown NSW", "Montréal (QC)")
PLACE_WORD = r"\p{Lu}[\p{Ll}'’]*\p{Ll}(?:-\p{L}\p{Ll}*)*"  # Leeds, São, Shibuya-ku, René-Lévesque
PLACE_PARTICLE = r"(?:de|da|do|dos|das|del|di|la|le|les|du|des|upon|am|an|der|sur)"  # Rio de Janeiro
LOCALITY = r"(?:Co\.|County|Col\.|Colonia|Brgy\.|Barangay|Bairro|Barrio|Dist\.|District|Sector)"
UNIT_PART = (r"(?:(?i:apto?|apt|app|int|interno|depto|dpto|piso|flat|unit|suite|ste|lok|local|esc|puerta|pta|lgh|"
             r"lägenhet|scala|escalera|escalier|bâtiment|bât|portal|bloque|bloco|edificio|stiege)\.?|m\.)"  # a Polish
             # "m. 12" with its dot: not "M19", a Manchester postcode; a stair or building by its letter: "scala B"
             rf"[ \t]*(?:\d{{1,4}}[A-Za-z]?(?:[ \t]+[A-Z](?!\w))?|[A-Z]\d?(?![\w'’]))|\d{{1,2}}[º°ª]{FLOOR_SIDE}?|"
             # a German floor or part of the building ("2. OG", "3. Stock", "Vorderhaus"), a French floor
             r"\d{1,2}\.[ \t]*(?:OG|Obergeschoss|Stock|Etage)\b|(?:EG|DG|Hinterhaus|Vorderhaus|Seitenflügel|Gartenhaus|"
             r"Quergebäude|Dachgeschoss|Erdgeschoss|Hochparterre)\b|\d{1,2}(?:e|er|ème)[ \t]+étage\b|"
             # an Indian layout's stage, phase, block, cross or main road by its ordinal or number ("KHB 3rd
             # Stage", "4th Cross", "Sector 21", "Phase 2")
             r"(?:\p{Lu}{2,5}[ \t]+)?\d{1,2}(?:st|nd|rd|th)[ \t]+(?:Stage|Phase|Block|Sector|Cross|Main|Layout)\b|"
             r"(?:Sector|Phase|Stage)[ \t]+\d{1,3}[A-Z]?\b")
# A landmark in an Indian or South Asian address: "near Shiv temple", "opp. City Mall", "behind the bus stand"
LANDMARK = (r"(?i:near|opp\.?|opposite|behind|beside|next[ \t]+to)[ \t]+(?:(?i:the)[ \t]+)?"
            r"(?:(?:\p{Lu}[\p{L}'’.-]*|\d{1,3})[ \t]+){0,3}"
            r"(?:(?i:temple|mandir|masjid|mosque|church|gurudwara|gurdwara|dargah|school|college|hospital|station|"
            r"market|bazaar|chowk|circle|mall|cinema|bank|park|post[ \t]+office|bus[ \t]+(?:stand|stop|depot)|"
            r"petrol[ \t]+pump|police[ \t]+station|metro|gate|tank|lake|maidan|bridge|flyover)|Mall|Market|Temple|"
            r"Mandir|Masjid|Chowk|Circle|Hospital|School|College|Station|Park|Cinema|Bank)\b")
BR_STATES = r"AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO"
ADDRESS_PART = regex.compile(
    # the town may follow a preposition ("..., em Coimbra", "... 8C i Bergen"): after a comma, or without one in
    # languages whose word for "in" is no English word
    rf"(?:[ \t]*,|[ \t]+[-–]|(?=[ \t]+(?:no|na|em|en|à|i)[ \t]+\p{{Lu}}))[ \t]*"
    rf"(?:(?P<unit>{UNIT_PART}|{LANDMARK})|(?P<state>(?:{REGIONS}|{BR_STATES})(?![\p{{L}}\d]))|"
    rf"(?P<prep>(?:no|na|em|en|in|à|i)[ \t]+(?=\p{{Lu}}))?(?P<place>(?P<locality>{LOCALITY}[ \t]+)?{PLACE_WORD}"
    rf"(?:[ \t]+(?:{PLACE_PARTICLE}[ \t]+)?{PLACE_WORD}){{0,3}}(?:[ \t]+\d{{1,2}}(?!\w))?)"
    rf"(?P<region>[ \t]+(?:{REGIONS})(?![\p{{L}}\d])|[ \t]*\((?:{REGIONS}|\p{{Lu}}\p{{Ll}}+)\))?)")
# An Irish rural address: townland and village before the county, then its Eircode ("Gortnahoe, Ballyduff, Co.
# Kerry, V92 X2Y4"): parts back from "Co." that are not names, weekdays, headings or dates
COUNTY_ADDRESS = regex.compile(rf"(?<=(?:^|[,:;(\n])[ \t]*)"
                               rf"(?P<parts>(?:{PLACE_WORD}(?:[ \t]+{PLACE_WORD})?,[ \t]*){{0,3}})"
                               rf"(?:Co\.|County)[ \t]+{PLACE_WORD}(?=,?[ \t]+[A-Z]\d{{2}}[ \t]?[A-Z\d]{{4}}\b)")
# What may follow the last part: a comma, a sentence or line end, a bracket, a postcode ("Leeds LS6", "Auckland 1011")
PART_END = regex.compile(r"[ \t]*(?:[,;.:!?)\n\r]|$|\(|\d|\p{Lu}{1,2}\d|〒|[-–—][ \t])")
PLACE_PART_WORD = regex.compile(r"\S+")
STREET_LAST = regex.compile(rf"\b{STREET}\.?$")
AFTER_COUNT = regex.compile(rf"[ \t]*(?:%|/|[ \t](?:{NOT_STREET_WORDS}|and|or|x|out)\b)")
CODE_GAP = regex.compile(r"[.,;]?[ \t]+")  # "..., soweto. 2830 is the code"
CHAIN_GAP = regex.compile(r"[ \t]*,[ \t]*")  # "Flat 12, Lotus Residency" + ", 5th Main"
# A town in any case between an address and its postcode: "5 oak road stockport sk4 2bh"
TOWN_BEFORE_CODE = regex.compile(r"(?:[ \t]*,?[ \t]+\p{L}[\p{L}'’-]*){1,3}[ \t]*,?[ \t]+")
# Words no part of an address is made of: weekdays, months, titles, sentence openers, headings, places in a clinic
PART_STOP = WEEKDAYS_AND_MONTHS | TITLES | COMMON_STARTS | NOT_PLACES | _words("""
tel telephone phone ph mob mobile cell cel email e-mail mail fax dob ref reference nhs mrn postcode post code zip
pin eircode cep plz contact kin therapist client patient counsellor gp doctor thanks regards dear re subject sent age
born ward bed bay
""")
# Cities written in lower case are known by name only: a listed city after a postcode or in an address ("0150
# oslo", "..., glasgow"); capitalised towns need no list.
LISTED_CITIES = _words("""
london birmingham manchester leeds liverpool sheffield bristol newcastle nottingham leicester coventry bradford
cardiff swansea edinburgh glasgow aberdeen dundee belfast derry dublin cork galway limerick waterford york hull
brighton oxford cambridge reading southampton portsmouth plymouth exeter norwich stockport salford bolton wigan
preston blackpool sunderland middlesbrough stoke derby wolverhampton luton milton northampton peterborough ipswich
paris lyon marseille toulouse nice nantes strasbourg bordeaux lille rennes montpellier grenoble brussels bruxelles
antwerp antwerpen ghent gent liège luxembourg amsterdam rotterdam utrecht eindhoven groningen haarlem leiden
berlin hamburg münchen munich köln cologne frankfurt stuttgart düsseldorf dortmund essen leipzig dresden hannover
bremen nürnberg freiburg heidelberg bonn wien vienna graz linz salzburg zürich zurich genf geneva bern basel
lausanne madrid barcelona valencia sevilla seville zaragoza málaga malaga bilbao murcia granada lisboa lisbon porto
coimbra braga roma rome milano milan napoli naples torino turin bologna firenze florence genova venezia venice
palermo verona oslo bergen trondheim stavanger stockholm göteborg gothenburg malmö uppsala københavn copenhagen
aarhus odense aalborg helsinki tampere turku espoo reykjavik warszawa warsaw kraków krakow łódź wrocław poznań
gdańsk gdansk praha prague brno bratislava budapest bucuresti bucharest sofia athens athina thessaloniki istanbul
ankara izmir moscow kyiv kiev lviv vilnius riga tallinn zagreb ljubljana belgrade sarajevo
toronto montreal montréal vancouver calgary edmonton ottawa winnipeg halifax quebec québec
chicago houston phoenix philadelphia dallas austin seattle boston denver atlanta miami detroit portland baltimore
sydney melbourne brisbane perth adelaide hobart canberra darwin auckland wellington christchurch hamilton dunedin
mumbai delhi bengaluru bangalore chennai kolkata hyderabad pune ahmedabad jaipur lucknow kochi
karachi lahore islamabad dhaka colombo kathmandu singapore jakarta manila bangkok hanoi tokyo osaka
kyoto yokohama nagoya sapporo fukuoka seoul busan beijing shanghai shenzhen guangzhou taipei
nairobi mombasa kampala kigali lagos abuja accra johannesburg pretoria durban soweto harare lusaka cairo casablanca
mexico guadalajara monterrey bogotá bogota medellín medellin lima santiago valparaíso córdoba
montevideo asunción quito caracas rio salvador brasília brasilia recife fortaleza curitiba
""")
LISTED_CITY_PAIRS = frozenset({"den haag", "kuala lumpur", "buenos aires", "new york", "los angeles", "san francisco",
                               "são paulo", "sao paulo", "cape town", "hong kong", "tel aviv", "new delhi",
                               "milton keynes", "la paz", "san josé", "san jose"})

ID_SUFFIX = r"(?i:no|num|number|id|#|reference|ref|card|n\.?[º°])"  # "SNS n.º"
# Words that introduce a record, insurance or national identity number. Upper-case acronyms only in capitals
# ("SIN", "BSN", "UR": 'sin' and 'ur' are words); the rest in any case.
ID_KEYWORD = (rf"(?:(?:MRN|URN|UR|NHS|SSN|SIN|BSN|PPSN|PPS|NINO|NI|CHI|NHI|IHI|OHIP|DNI|NIE|NIF|CPF|TFN|IRD|PAN|"
              rf"CPR|SUS|CNS|SNS|NSS|NUSS|TSI|CIP|SVNR|KVNR|RAMQ|NHIF|AMKA|NDIS|"
              rf"NRIC|FIN|CURP|RFC|PESEL|PID|ID|RUT|NIR|"
              rf"(?i:national[ \t]+insurance|social[ \t]+(?:security|insurance)|medical[ \t]+record|unit[ \t]+record|"
              rf"patient|member(?:ship)?|subscriber|hospital|hosp|record|chart|reference|ref|registration|"
              rf"medicare|medicaid|ehic|aadhaa?r|passport|policy|insurance|health[ \t]+(?:card|insurance)|cpf|ahv|"
              rf"c[ée]dula|codice[ \t]+fiscale|personnummer|henkilötunnus|hetu|utente|tarjeta[ \t]+sanitaria|"
              rf"tessera[ \t]+sanitaria|carte[ \t]+vitale|"
              rf"tax[ \t]+(?:file|id|number)|licen[cs]e|driving[ \t]+licen[cs]e|pre-?auth(?:ori[sz]ation)?|"
              rf"prior[ \t]+auth(?:ori[sz]ation)?|authori[sz]ation))"
              rf"(?:[ \t]+{ID_SUFFIX}){{0,2}}|(?i:client|file|case|account|claim|group|card|certificate|participant)"
              rf"[ \t]+{ID_SUFFIX})")
# A value: letters (dashed from the digits, or spaced when in capitals), digits, and further dashed, slashed or
# spaced parts
ID_VALUE = (r"(?:[A-Z]{1,5}[ \t](?=\d)|(?i:[A-Z]{1,5})[-/]?){0,3}\d[\dA-Za-z]*"
            r"(?:[-/.][\dA-Za-z]+|[ \t]\d{2,}[\dA-Z]*|[ \t][\dA-Z](?![\w-]|[ \t]+\w)){0,3}")
# The keyword, then perhaps a few words ("hospital number on my letter is", "case number, it's"), then the value
ID_AFTER_KEYWORD = regex.compile(
    rf"\b{ID_KEYWORD}\.?(?:['’]s|(?:,?[ \t]+[\p{{L}}']+){{0,6}}?,?[ \t]+(?:is|was|it['’]s|es|est|ist))?"
    rf"(?:[ \t]+(?i:something[ \t]+like|like|about|maybe|probably|roughly|i[ \t]+think))?"  # a hedge before the value
    rf"[ \t]*[:#=,]?[ \t]*(?P<value>{ID_VALUE})(?![\w-])")
# An identity number given as the whole answer to a question that asks for it: "T: Your tax number?\nC: 298 ..."
ID_ANSWER = regex.compile(rf"\b{ID_KEYWORD}\b[^\n?]{{0,40}}\?[ \t]*\n(?:[^\n:]{{1,20}}:)?[ \t]*"
                          rf"(?P<value>{ID_VALUE})[ \t]*[.!]?[ \t]*(?=\n|$)")
# A word for a phone number, and an identity keyword before a number read out in words: the later one says which
PHONE_CUE = regex.compile(r"(?i:\b(?:phone|mobile|mob|cell|landline|tel|telephone|ring|call|text|whatsapp|fax|"
                          r"extension|ext)\b)")
ID_CUE = regex.compile(rf"\b{ID_KEYWORD}\b")


def _identity_cue(text: str, start: int) -> bool:
    """A number read out in words is an identity number when an identity keyword, not a word for a phone, comes
    last in the 80 characters before it ("my NHS number? ... nine four three, ..."; not "my mobile is ...")."""
    window = max(0, start - 80)
    identity = [match.end() for match in ID_CUE.finditer(text, window, start)]
    if not identity:
        return False
    phone = [match.end() for match in PHONE_CUE.finditer(text, window, start)]
    return not phone or phone[-1] < identity[-1]


REFERENCE_RANGE = regex.compile(r"\d{1,3}\.\d{1,3}-\d{1,3}(?:\.\d{1,3})?|\d{1,3}-\d{1,3}\.\d{1,3}")
ID_DATE = regex.compile(r"(?:[A-Z.]{2,6}[ \t]+)?\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})")  # "Patient DOB 23.04.1991"
ID_PATTERNS = (
    regex.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])"),  # SSN, with dashes or spaces
    regex.compile(r"\b[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b"),  # UK NI
    regex.compile(r"(?i:\b[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z]\d{6}[a-d]\b)"),  # ni number written as one word
    regex.compile(r"(?<![\w+-]|\+\d{1,3}[ \t])[2-9]\d{3}([ -])\d{4}\1\d{4}(?![\w-])"),  # Aadhaar 4-4-4
    regex.compile(r"(?<![\w+-])[2-6]\d{3}[ \t]\d{5}[ \t]\d(?![\w-])"),  # Australian Medicare 4-5-1
    regex.compile(r"\b[1-9][A-Z][A-Z\d]\d-?[A-Z][A-Z\d]\d-?[A-Z]{2}\d{2}\b"),  # US Medicare (MBI)
    regex.compile(r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b"),  # Italian codice fiscale
    regex.compile(r"\b[A-Z]{5}\d{4}[A-Z]\b"),  # Indian PAN
    regex.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),  # Brazilian CPF
    regex.compile(r"\b756\.\d{4}\.\d{4}\.\d{2}\b"),  # Swiss AHV
    # Nordic personal numbers, a birth date then a serial: Danish CPR 230785-2213, Finnish 041168-527K
    regex.compile(r"(?<![\w+./-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[-+A]\d{3}[\dA-Z](?![\w-])"),
    regex.compile(r"\b\d{4}[- ]\d{3}[- ]\d{3}[- ]?[A-Z]{2}\b"),  # Ontario health card and its version code
    regex.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z\d]\d\b"),  # Mexican CURP
    # French social security number (NIR) in its spaced groups: sex, year, month, department, commune, order, key
    regex.compile(r"(?<![\w+-])[12] \d{2} (?:0[1-9]|1[0-2]|[2-9]\d) (?:\d{2}|2[AB]) \d{3} \d{3}(?: \d{2})?(?![\w-])"),
)
ID_FALLBACK = (
    regex.compile(r"(?<![\w+./-])\d{6,}[A-Z]{0,2}(?![\w/-]|\.\d)"),  # 1234567T (PPSN), 12345678Z (DNI)
    regex.compile(r"\b[A-Z]{1,3}\d{5,}[A-Z]?\b"),  # S8123456D (NRIC), X1234567L (NIE)
    regex.compile(r"\b[A-Z]{2,4}[ \t]?\d{3,}(?:[ \t]\d{3,})+\b"),  # RVJ 0042 119
    regex.compile(r"(?<![\w/])\d{1,4}/\d{4,}/\d{2,4}(?![\w/])"),  # 47/88213/23: a reference, not a date
)

# Earlier wins where detections overlap: a keyword-led record number over a phone-shaped number, an address
# over the capitalised words in it.
# A number written with its country code (PHONE_PLUS) wins over the postcode or date shapes inside it.
PRIORITY: dict[str, int] = {"EMAIL": 0, "ADDRESS": 1, "ID": 2, "PHONE_PLUS": 3, "POSTCODE": 4, "DATE": 5,
                            "PHONE": 6, "NAME": 7, "ID_FALLBACK": 8}


def _digit_count(text: str) -> int:
    return sum(character.isdigit() for character in text)


def _valid_numeric_date(text: str) -> bool:
    parts = [int(part) for part in regex.split(r"[/.-]", text)]
    if len(str(parts[0])) == 4 or text[:4].isdigit():
        month, day = parts[1], parts[2]
        return 1 <= month <= 12 and 1 <= day <= 31
    first, second = parts[0], parts[1]
    return 1 <= first <= 31 and 1 <= second <= 31 and min(first, second) <= 12


DIGIT = regex.compile(r"\d")
# The only patterns that can match a text without a digit: "on Dale Street", "the third of May", "May the 5th"
WITHOUT_DIGITS = (NAMED_STREET, DATE_PATTERNS[5], DATE_PATTERNS[6])
# Words one of which every match of a pattern holds (in lower case): a text with none of them skips the pattern,
# as the rule engine skips a pattern none of whose literals a turn holds (one Aho-Corasick pass finds which
# occur). Only for speed: the spans are the same.
REQUIRED_WORDS: dict[regex.Pattern[str], tuple[str, ...]] = {
    STREET_FIRST_ADDRESS: tuple(
        "calle avenida avda rua viale piazza vicolo paseo praça praca travessa carrer rue chaussée ulica aleja jalan "
        "jln calea strada c/ av. via corso largo plaza camino ronda rambla ul. al. jl.".split()),
    SUFFIX_STREET_ADDRESS: tuple(
        "straße strasse str. weg gasse platz allee damm ufer gracht straat laan plein kade singel steeg dijk gade "
        "gatan vägen vej veien gata torget torv gate vei tie katu kuja polku väylä tori".split()),
    FRENCH_STREET: tuple("rue allée allee impasse chemin quai montée ruelle sentier traverse av bd boulevard boul. "
                         "place pl. cours route square "
                         "passage faubourg promenade voie esplanade via".split()),
    KOREAN_STREET: ("-ro", "-gil", "-daero"),
    TURKISH_STREET: tuple("caddesi cad. cd. sokak sokağı sok. sk. bulvarı blv.".split()),
    WELSH_STREET: tuple("heol ffordd stryd lôn lon rhodfa cilgant teras clos llwybr".split()),
    STREET_THEN_NUMBER: ("number", "no.", "num", "#", *(f"no {digit}" for digit in range(10))),
    POSTCODE_AFTER_KEYWORD: ("post", "zip", "pin", "code", "plz", "cep", "c.p."),
    POSTCODE_ANSWER: ("post", "zip", "pin", "code", "plz", "cep", "cap", "código"),
    CODE_IS_POSTCODE: ("code",), IRISH_ESTATE: IRISH_ESTATE_WORDS,
    PHONE_AFTER_KEYWORD: tuple("phone tel mob cel landline whatsapp number fax text call ring reach móvil movil "
                               "tlf tfno hp".split()),
    ME_AND: ("and",), AND_ME: ("and",), CALLED_LOWER: ("call", "name", "known", "goes"),
    POSSESSIVE_LOWER: ("'s", "’s"),
    CONTACT_LOWER: tuple("told texted rang phoned messaged emailed visited hugged blocked invited married dumped "
                         "thanked forgave with".split()),
    SAYS_LOWER: tuple("said says told tells texted rang phoned messaged emailed reckons shouted yelled replied "
                      "promised admitted asked".split()),
}
RELATION_WORDS = tuple(word.replace("[eé]e?", "") for word in RELATIONS.replace(" ", "|").split("|"))
for _pattern in (RELATION_NAME, RELATION_LOWER, RELATION_ANY):
    REQUIRED_WORDS[_pattern] = RELATION_WORDS
REQUIRED_WORDS[TITLE_NAME] = tuple(
    "dr doctor mr mrs ms miss mx prof nurse sister matron father fr rev dame judge señor señora sr sra herr frau mme "
    "don doña dona seu signor sig "
    "madame monsieur officer pc dc sgt sergeant inspector councillor cllr".split())
REQUIRED_WORDS[TITLE_LOWER] = ("dr", "mr", "ms", "mx", "prof")  # "mrs" holds "mr"
REQUIRED_WORDS[NAME_BEFORE_HONORIFIC] = tuple("didi bhaiya bhai bhaji mama mami chacha chachi masi mausi massi nani "
                                              "dadi ji bhabhi akka kuya tita tito".split())
REQUIRED_WORDS[DATE_PATTERNS[13]] = tuple(FOREIGN_MONTH.split("|"))  # "marzo de 2022"
REQUIRED_WORDS[WING_FLAT] = ("-",)
REQUIRED_WORDS[RURAL_ROAD] = ("road", "rd", "route", "rte", "highway", "hwy")
REQUIRED_WORDS[PO_BOX] = ("box",)
REQUIRED_WORDS[DATE_PATTERNS[14]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # "fri 17th"
REQUIRED_WORDS[CALLED_NAME] = ("called", "named", "name", "prefers", "llam", "chiam", "appelle", "heißt", "hieß",
                                "chama", "heet")
for _pattern in UNIT_ADDRESSES:  # blocks, #04-56 units, 3rd Cross, plots, flats alone
    REQUIRED_WORDS[_pattern] = tuple("blk block # cross main plot stand erf house hse h. door flat shop survey unit "
                                     "apartment apt suite villa bâtiment".split())


@functools.cache
def _word_index() -> LiteralIndex:
    index = LiteralIndex()
    for words in REQUIRED_WORDS.values():
        index.add(frozenset(words))
    index.build()
    return index


def _present(text: str) -> frozenset[str]:
    """Which of the patterns' required words occur in the text (in any case)."""
    return _word_index().found(text)


def _matches(pattern: regex.Pattern[str], text: str, present: frozenset[str]) -> Iterable[regex.Match[str]]:
    """The pattern's matches, or none at once when the text lacks every word the pattern needs."""
    words = REQUIRED_WORDS.get(pattern)
    if words and present.isdisjoint(words):
        return ()
    return pattern.finditer(text)


def _date_end(text: str, end: int) -> int:
    """A date runs on over a year read out in words after it ("the second of march two thousand and nine")."""
    year = SPOKEN_YEAR.match(text, end) if end < len(text) and text[end] in " \t," else None
    return year.end() if year else end


def _year_alone(code: str) -> bool:
    """A four-digit number that may be a year (2019): a postcode only with a stronger cue."""
    return len(code) == 4 and bool(YEAR_LIKE.fullmatch(code))


def _place(words: str) -> bool:
    """Capitalised words that may name a town: none is an ordinary word before a number ("Room", "Level"), a
    weekday, month, title or given name, and one at least is not an everyday word ("Cape Town", not "New Day")."""
    parts = words.split()
    if any(part.lower() in NOT_PLACES or part.lower() in ORG_WORDS or _not_name(part) or _given(part)
           for part in parts):
        return False
    return any(part.lower() not in COMMON_WORDS for part in parts)


def _part_words_ok(words: list[str], strict: bool, cue: bool) -> bool:
    """Capitalised words after an address that name its locality, town or region. Before a postcode, a comma or
    the end of a sentence any words but weekdays, titles, headings and the like will do ("Bath", "Mount Eden",
    not "Tuesday" or "Dr Okafor"); followed by other words ("..., Nairobi now"), one must be a word our own
    texts never use and none a given name or an ordinary capitalised word ("..., Harriet said"), unless a
    locality prefix or a region says it is a place ("..., Col. Centro, ahí")."""
    capitalised = [word for word in words if word[:1].isupper()]
    if not capitalised or any(word.lower() in PART_STOP for word in capitalised):
        return False
    if strict:
        return cue or (any(word.lower().strip("'’") not in COMMON_WORDS for word in capitalised)
                       and not any(_given(word) or _not_name(word) for word in capitalised))
    return True


def _part_end(text: str, part: regex.Match[str]) -> int | None:
    """Where an address part ends, trying the whole part first and then fewer of its words ("Leeds" of "Leeds
    Tel 0113..."); None when no prefix of it reads as part of the address."""
    if part.group("unit") or part.group("state"):  # "apto 52", "..., Springfield, IL 62704", "..., Elmira, NY now"
        closed = PART_END.match(text, part.end()) or part.group("state") and TOWN_THEN_NOW.match(text, part.end())
        return part.end() if closed else None
    start = part.start("place")
    if part.group("locality"):
        start = part.end("locality")
    words = list(PLACE_PART_WORD.finditer(text, start, part.end("place")))
    ends = [part.end()] if part.group("region") else []
    ends += [word.end() for word in reversed(words) if not regex.fullmatch(PLACE_PARTICLE, word.group(0))]
    for end in ends:
        closed = bool(PART_END.match(text, end))
        if text[end - 1].isdigit() and not _district_ok(text, end):
            continue
        cue = bool(part.group("locality") or end == part.end() and part.group("region")
                   or STREET_LAST.search(text, start, end))
        chosen = [word.group(0) for word in words if word.end() <= end and not word.group(0).isdigit()]
        if _part_words_ok(chosen, strict=not closed, cue=cue):
            return end
    return None


def _district_ok(text: str, end: int) -> bool:
    """A one- or two-digit district after a town ("Dublin 3") ends the address or is followed by words that are
    not a count's unit ("Dublin 3 for the summer", not "Leeds 2 times")."""
    return bool(PART_END.match(text, end)) or not AFTER_COUNT.match(text, end)


LOWER_PART = regex.compile(r"[ \t]*,[ \t]*(?P<place>\p{Ll}[\p{Ll}'’-]+(?:[ \t]+\p{Ll}[\p{Ll}'’-]+)?)(?![\w'’-])"
                           r"(?P<district>[ \t]+\d{1,2}(?!\w|[.,]\d))?")


# A street in lower case without a number after a flat and building: ", tilak road"
LOWER_STREET_PART = regex.compile(r"[ \t]*,[ \t]*(?:\p{Ll}[\p{Ll}'’-]+[ \t]+){1,2}(?:road|marg|street|lane|nagar)\b"
                                  r"(?=[ \t]*(?:[,.;\n]|$))")


# A lower-case county or state after a lower-case address: "..., co. clare", "..., port lincoln sa", "..., kano
# state" (the region says it is a place, so its words may be ordinary ones)
# ... or a state, province or region written out after a comma: "..., cedar falls, iowa", "..., olinda, pernambuco"
REGION_NAMES = (r"alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|"
                r"idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
                r"minnesota|mississippi|missouri|montana|nebraska|nevada|new[ \t]+hampshire|new[ \t]+jersey|"
                r"new[ \t]+mexico|new[ \t]+york|north[ \t]+carolina|north[ \t]+dakota|ohio|oklahoma|oregon|"
                r"pennsylvania|rhode[ \t]+island|south[ \t]+carolina|south[ \t]+dakota|tennessee|texas|utah|vermont|"
                r"virginia|washington|west[ \t]+virginia|wisconsin|wyoming|ontario|quebec|québec|alberta|manitoba|"
                r"saskatchewan|nova[ \t]+scotia|queensland|tasmania|new[ \t]+south[ \t]+wales|maharashtra|karnataka|"
                r"kerala|gujarat|rajasthan|punjab|haryana|bihar|odisha|telangana|tamil[ \t]+nadu|uttar[ \t]+pradesh|"
                r"bahia|minas[ \t]+gerais|paraná|parana|pernambuco|ceará|ceara|goiás|goias|jalisco|oaxaca|yucatán|"
                r"yucatan|chihuahua|sonora|veracruz|puebla|bavaria|bayern|sachsen|hessen|andalucía|andalucia|"
                r"cataluña|catalunya|galicia|toscana|sicilia|lombardia")
LOWER_REGION_PART = regex.compile(
    r"[ \t]*,[ \t]*(?:(?:co\.|county)[ \t]+\p{Ll}[\p{Ll}'’-]+|"
    r"(?P<place>\p{Ll}[\p{Ll}'’-]+(?:[ \t]+\p{Ll}[\p{Ll}'’-]+)?)"
    rf"(?:[ \t]+(?:nsw|vic|qld|sa|wa|tas|nt|act|state)|,[ \t]*(?P<named>{REGION_NAMES})))(?![\w'’-])")
# A lower-case town followed by "now" or "these days" still closes the address: "..., leith now."
TOWN_THEN_NOW = regex.compile(r"[ \t]+(?:now|nowadays|these[ \t]+days|at[ \t]+the[ \t]+moment)\b")


def _lower_part_end(text: str, end: int) -> int | None:
    """A town or locality in lower case after an address: a listed city ("..., glasgow", "..., dublin 6 now"), or
    words our texts never use that close the address ("..., rathgar, dublin"; not "..., honestly i"), or a county
    or state ("..., co. clare", "..., port lincoln sa")."""
    region = LOWER_REGION_PART.match(text, end)
    if region and (not region.group("place") or region.group("named") or PART_END.match(text, region.end())
                   or ADDRESS_TAIL.match(text, region.end())) and not any(
            word in PART_STOP or word in NOT_LOWER_NAMES for word in (region.group("place") or "").split()):
        return region.end()
    part = LOWER_PART.match(text, end)
    if not part:
        return None
    words = part.group("place").split()
    for count in range(len(words), 0, -1):
        place = " ".join(words[:count])
        place_end = part.start("place") + len(place)
        if count == len(words) and part.group("district"):
            place_end = part.end()
        closed = bool(PART_END.match(text, place_end) or TOWN_THEN_NOW.match(text, place_end))
        listed = place in (LISTED_CITY_PAIRS if count == 2 else LISTED_CITIES)
        if listed and (closed or place not in COMMON_WORDS):
            return place_end
        if closed and all(_unknown_word(word) and word not in PART_STOP for word in words[:count]):
            return place_end
    return None


def _address_run(text: str, end: int, start: int | None = None) -> int:
    """The end of an address run on over the parts after it (see ADDRESS_PART), at most eight of them; an address
    written all in lower case (from `start`) runs on over lower-case parts too."""
    lower = start is not None and not any(character.isupper() for character in text[start:end])
    for _ in range(8):
        part = ADDRESS_PART.match(text, end)
        found = _part_end(text, part) if part else None
        if found is None and lower:
            found = _lower_part_end(text, end)
        if found is None and start is not None and (street := LOWER_STREET_PART.match(text, end)):
            found, lower = street.end(), True  # "C-408 Sagar Darshan, tilak road, dadar east, ..."
        if found is None:
            break
        end = found
        if not PART_END.match(text, end):
            break  # "..., Nairobi now": the words after it are the sentence, not the address
    return end


def _house_name_start(text: str, start: int) -> int:
    """An address starts at its house's name when one comes just before it ("Rose Cottage, 4 Church Lane"), or at
    the parts of a building or a floor before its street ("Hinterhaus, 2. OG, Talstraße 9", "Flat 2, ...")."""
    house = HOUSE_NAME.search(text, max(0, start - 50), start) if start and text[start - 2:start - 1] == "," else None
    if house:
        return house.start()
    for _ in range(3):
        unit = UNIT_BEFORE.search(text, max(0, start - 40), start) if text[start - 2:start - 1] == "," else None
        if not unit:
            break
        start = unit.start()
    return start


UNIT_BEFORE = regex.compile(rf"(?<![\p{{L}}\d.'’-])(?:{UNIT_PART}),[ \t]*$")


def _address_chains(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Address detections run on over their parts, and joined where only a comma parts them ("Flat 12, Lotus
    Residency" and "5th Main")."""
    chains: list[list[int]] = []
    last = -1  # the end of the last detection kept: one that overlaps it is dropped, as _resolve would
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < last:
            continue
        last = end
        if chains and (start <= chains[-1][1] or CHAIN_GAP.fullmatch(text, chains[-1][1], start)):
            chains[-1][1] = max(chains[-1][1], _address_run(text, end, chains[-1][0]))
            continue
        chains.append([start, _address_run(text, end, start)])
    return [(start, end) for start, end in chains]


def _town_before_postcode(text: str, end: int, postcodes: list[int]) -> int:
    """An address runs on over up to three words (in any case) between it and a postcode: "5 oak road
    stockport sk4 2bh"."""
    position = bisect.bisect_right(postcodes, end)
    if position == len(postcodes) or postcodes[position] - end > 60:
        return end
    gap = TOWN_BEFORE_CODE.fullmatch(text, end, postcodes[position])
    if not gap:
        line = TOWN_LINE_BEFORE_CODE.fullmatch(text, end, postcodes[position])
        if line and not any(word.lower() in PART_STOP for word in line.group("town").split()):
            return line.end("region") if line.group("region") else line.end("town")
        return end
    words = regex.findall(r"\p{L}[\p{L}'’-]*", gap.group(0))
    if any(word.lower() in PART_STOP or word.lower() in NOT_LOWER_NAMES for word in words):
        return end
    return end + len(gap.group(0).rstrip(" \t,"))


# A letter's address: the town (and region) on the next line, before the postcode: "...\nSavannah, GA 31401"
TOWN_LINE_BEFORE_CODE = regex.compile(rf"[ \t]*,?[ \t]*\n[ \t]*(?P<town>{PLACE_WORD}(?:[ \t]+{PLACE_WORD}){{0,2}})"
                                      rf"(?P<region>,?[ \t]+(?:{REGIONS}))?[ \t]*,?[ \t]+")


# The town after a postcode ("10115 Berlin", "1015 BX Amsterdam", "60311 Frankfurt am Main", "1620 København V",
# "50123 Firenze (FI)", "Campinas - SP"), or a listed city in lower case ("0150 oslo")
TOWN_PARTICLE = r"(?:de|da|do|dos|das|del|di|la|le|les|du|des|upon|on|am|an|der|im|in|bei|sur|en|ob)"
TOWN_AFTER_CODE = regex.compile(
    rf",?[ \t]+(?P<town>{PLACE_WORD}(?:[ \t]+(?:{TOWN_PARTICLE}[ \t]+){{0,2}}{PLACE_WORD}){{0,2}})"
    rf"(?P<region>[ \t]+\p{{Lu}}{{1,2}}(?![\p{{L}}\d'’-]|\.\p{{L}})|[ \t]*\([ \t]*\p{{Lu}}[\p{{L}}.]*[ \t]*\)"
    r"|[ \t]+[-–][ \t]+\p{Lu}{2}(?![\p{L}\d])|,[ \t]*\p{Lu}{2,4}(?=[ \t]*(?:[.;)\n]|$)))?")
CITY_AFTER_CODE = regex.compile(r"[ \t]+(?P<town>\p{Ll}[\p{Ll}-]+(?:[ \t]+\p{Ll}+)?)(?![\p{L}\d'’-])")


def _town_after_postcode(text: str, end: int) -> tuple[int, int] | None:
    """The end of a town (with its district or region) that follows a postcode: capitalised words that pass the
    address part checks (none a weekday, title or heading; before other words, one a word our texts never use),
    or a listed city in lower case."""
    found = TOWN_AFTER_CODE.match(text, end)
    if found:
        words = list(PLACE_PART_WORD.finditer(text, found.start("town"), found.end("town")))
        ends = [found.end()] if found.group("region") else []
        ends += [word.end() for word in reversed(words) if not regex.fullmatch(TOWN_PARTICLE, word.group(0))]
        for town_end in ends:
            chosen = [word.group(0) for word in words if word.end() <= town_end]
            closed = bool(PART_END.match(text, town_end))
            if _part_words_ok(chosen, strict=not closed, cue=False):
                return found.start("town"), town_end
    found = CITY_AFTER_CODE.match(text, end)
    if found:
        words = found.group("town").split()
        for count in (2, 1):
            if len(words) >= count and " ".join(words[:count]) in (LISTED_CITY_PAIRS if count == 2 else LISTED_CITIES):
                town_end = found.start("town") + len(" ".join(words[:count]))
                if words[0] not in COMMON_WORDS or PART_END.match(text, town_end):
                    return found.start("town"), town_end
    return None


def _spoken_emails(text: str) -> Iterable[tuple[int, int]]:
    """Emails written out in words or with the @ and dots in brackets ("jonno88 AT example DOT com", "m.okonjo
    [at] example [dot] org"). A bracketed [at] is always an email; a spoken " at " needs a name that cannot be
    an ordinary word: one with digits, dots or a spoken joiner ("zed dash 77"), or a word our texts never use
    that follows no article and has no verb's ending ("bexx", not "the leaflet at nhs dot uk" or "scrolling at
    reddit dot com"), or any such word after "email", "send", "it's"... ("send it to rangi at ...")."""
    lowered = text.lower()
    bracket = "[" in text or "(" in text or "{" in text or "<" in text
    if "dot" not in lowered and not (bracket and "at" in lowered) and not (
            " at " in lowered and DOT_TOP_LEVEL.search(text)):
        return  # quicker than looking at every " at " of every turn
    for at in SPOKEN_AT.finditer(text):
        domain = SPOKEN_DOMAIN.match(text, at.end())
        name = SPOKEN_NAME.search(text, max(0, at.start() - 80), at.start()) if domain else None
        if not domain or not name:
            continue
        word = name.group(0)
        if not at.group("bracket") and regex.fullmatch(r"\p{L}+", word):
            lowered = word.lower()
            before = text[max(0, name.start() - 40):name.start()]
            if lowered in NOT_LOWER_NAMES or lowered in COMMON_STARTS or DETERMINER_WORD.search(before):
                continue
            ordinary = lowered in COMMON_WORDS or lowered.endswith((*ORDINARY_ENDINGS, "ed")) and not _given(word)
            if ordinary and not EMAIL_CUE.search(before):
                continue  # "kept scrolling at reddit dot com"
        spelled = [part.lower() for part in regex.findall(r"\p{L}+", word)]
        if not at.group("bracket") and regex.search(r"\s", word) and all(
                regex.fullmatch(NUMBER_WORD, part) or part in COMMON_WORDS or part in NOT_LOWER_NAMES
                or part in ("underscore", "dash", "hyphen", "period") for part in spelled):
            continue  # "lunch for two at nandos dot com": only ordinary words and numbers before the "at"
        yield name.start(), domain.end()


def _form_addresses(text: str, postcodes: list[int]) -> Iterable[tuple[int, int]]:
    """A form's address field (see FORM_ADDRESS): its value up to the first postcode in it, when it has a digit or
    a comma and does not say there is no address."""
    lowered = text.lower() if ":" in text else ""
    if not any(stem in lowered for stem in FORM_ADDRESS_STEMS):
        return
    for match in FORM_ADDRESS.finditer(text):
        start, end = match.span("value")
        value = match.group("value")
        if FORM_ADDRESS_NONE.match(value) or "@" in value or not (DIGIT.search(value) or "," in value):
            continue
        inside = [code for code in postcodes if start <= code < end]
        if text[start] == "〒" or inside and inside[0] == start:
            continue  # a Japanese address after its mark and code: JAPANESE_SCRIPT
        end = min([*inside, end])
        while end > start and text[end - 1] in " \t,;-–":
            end -= 1
        yield start, end


def _structured(text: str) -> list[tuple[int, Span]]:
    """Every detection of the regular-expression kinds, with its priority."""
    found: list[tuple[int, Span]] = []

    def add(kind: str, start: int, end: int) -> None:
        while end > start and text[end - 1] in " \t,;":
            end -= 1
        if end > start:
            label: Kind = kind.split("_")[0]  # type: ignore[assignment]  # ID_FALLBACK is an ID
            found.append((PRIORITY[kind], Span(start, end, label)))

    for match in EMAIL.finditer(text) if "@" in text else ():
        end, labels = match.end(), match.group(0).split("@", 1)[1].split(".")
        while len(labels) > 1 and not (len(labels[-1]) >= 2 and any(c.isalpha() for c in labels[-1])):
            end -= len(labels.pop()) + 1
        if len(labels) > 1:
            add("EMAIL", match.start(), end)
    for start, end in _spoken_emails(text):
        add("EMAIL", start, end)
    for start, end in _spoken_phones(text):
        add("ID" if _identity_cue(text, start) else "PHONE", start, end)
    lowered = text.lower()
    for match in SPOKEN_ADDRESS.finditer(text) if any(word in lowered for word in SPOKEN_ADDRESS_WORDS) else ():
        add("ADDRESS", match.start(), _address_run(text, match.end(), match.start()))
    for match in POSTCODE_SPOKEN.finditer(text):
        add("POSTCODE", match.start("code"), match.end("code"))
    for match in COMPASS_STREET.finditer(text) if COMPASS_WORDS.search(lowered) else ():
        run = _address_run(text, match.end(), match.start())
        if run > match.end():  # a town after it: "..., chicago"
            add("ADDRESS", match.start(), run)
    if not DIGIT.search(text):  # every other pattern needs a digit (but a form's address field)
        for start, end in _form_addresses(text, []):
            add("ADDRESS", start, end)
        for pattern in WITHOUT_DIGITS:
            for match in pattern.finditer(text):
                end = match.end() if pattern is NAMED_STREET else _date_end(text, match.end())
                add("ADDRESS" if pattern is NAMED_STREET else "DATE", match.start(), end)
        return found
    present = _present(text)
    for match in ID_AFTER_KEYWORD.finditer(text):
        if _digit_count(match.group("value")) >= 4 and not ID_DATE.fullmatch(match.group("value")) and not (
                REFERENCE_RANGE.fullmatch(match.group("value"))):  # a lab's "(ref 0.35-5.1)" is no reference number
            add("ID", match.start("value"), match.end("value"))
    if "?" in text:
        for match in ID_ANSWER.finditer(text):  # six digits at least: not "Any record of that?\nC: 2019."
            if _digit_count(match.group("value")) >= 6 and not ID_DATE.fullmatch(match.group("value")) and not (
                    PHONE_CUE.search(text, match.start(), match.start("value"))):  # "... and your phone?"
                add("ID", match.start("value"), match.end("value"))
    for pattern in ID_PATTERNS:
        for match in pattern.finditer(text):
            add("ID", match.start(), match.end())
    detected: list[tuple[int, int]] = []
    for pattern in ADDRESS_PATTERNS:
        for match in _matches(pattern, text, present):
            if pattern in (STREET_FIRST_ADDRESS, FRENCH_STREET) and all(
                    _not_name(word) for word in match.group("street").split()):
                continue  # "Via Zoom 3 times"
            if pattern is JAPANESE_BLOCK and not WARD_SUFFIX.search(
                    text, match.end(), _address_run(text, match.end()) + 14):
                continue  # "1-2-3 Magic, Triple P": no ward, city or postcode after it
            detected.append((match.start(), match.end()))
    if "〒" in text or "住所" in text:
        for match in JAPANESE_SCRIPT.finditer(text):
            detected.append((match.start("address"), match.start("address")
                             + len(match.group("address").rstrip(" \t\u3000"))))
    for match in _matches(IRISH_ESTATE, text, present):
        detected.append((match.start(), match.end()))
    for match in COUNTY_ADDRESS.finditer(text):
        start = match.start()
        for part in regex.finditer(r"[^,]+,[ \t]*", match.group("parts")):
            if _part_words_ok(part.group(0).rstrip(", \t").split(), strict=True, cue=False):
                break
            start = match.start() + part.end()  # "Dr Byrne, Gortnahoe, Co. Kerry": the name is no part of it
        detected.append((start, match.end()))
    addresses = [(_house_name_start(text, start), end) for start, end in _address_chains(text, detected)]
    address_ends = [end for _, end in addresses]
    for pattern in (UK_POSTCODE, UK_POSTCODE_LOWER, EIRCODE, AU_POSTCODE):
        for match in pattern.finditer(text):
            add("POSTCODE", match.start(), match.end())
    for match in ZIP_CODE.finditer(text):
        add("POSTCODE", match.start(), match.end())
    for pattern in POSTCODE_SHAPES:
        for match in pattern.finditer(text):
            add("POSTCODE", match.start(), match.end())
    for match in _matches(CODE_IS_POSTCODE, text, present):
        if not match.group("bare") or any(0 <= match.start() - end <= 3 and CODE_GAP.fullmatch(text, end, match.start())
                                          for end in address_ends):
            add("POSTCODE", match.start("code"), match.end("code"))  # "the code" only just after an address
    for pattern in (POSTCODE_AFTER_KEYWORD, POSTCODE_ANSWER):
        for match in _matches(pattern, text, present):
            if _digit_count(match.group("code")) >= 3:
                add("POSTCODE", match.start("code"), match.end("code"))
    for match in _matches(CODE_THEN_CITY, text, present):
        code = match.group("code")
        words = match.group("place").split()
        if (words[0] in LISTED_CITIES or " ".join(words) in LISTED_CITY_PAIRS) and not _year_alone(code) and not (
                code[-1].isalpha() and code[-2:] in LISTED_CITIES):
            add("POSTCODE", match.start("code"), match.end("code"))
    for pattern in (PLACE_THEN_CODE, CODE_THEN_PLACE):
        for match in pattern.finditer(text):
            if _place(match.group("place")) and not _year_alone(match.group("code")):
                add("POSTCODE", match.start("code"), match.end("code"))
    for end in address_ends:
        tail = ADDRESS_TAIL.match(text, end)
        if tail and not (_year_alone(tail.group("code")) and not TOWN_OR_COMMA_LAST.search(tail.group("words")
                                                                                          or ",")):
            add("POSTCODE", tail.start("code"), tail.end("code"))
    postcodes = sorted(span.start for _, span in found if span.kind == "POSTCODE")
    for start, end in addresses:
        add("ADDRESS", start, _town_before_postcode(text, end, postcodes) if postcodes else end)
    for start, end in _form_addresses(text, postcodes):
        add("ADDRESS", start, end)
    for _, span in [item for item in found if item[1].kind == "POSTCODE"]:
        town = _town_after_postcode(text, span.end)
        if town is not None:
            add("ADDRESS", *town)
    for position, pattern in enumerate(DATE_PATTERNS):
        for match in _matches(pattern, text, present):
            if position == 0 and not _valid_numeric_date(match.group(0)):
                continue
            group = "date" if "date" in pattern.groupindex else 0  # the date without the word before it
            start = match.start(group)
            weekday = WEEKDAY_BEFORE.search(text, max(0, start - 12), start) if start else None
            add("DATE", weekday.start() if weekday else start, _date_end(text, match.end(group)))
    for pattern in PHONE_PATTERNS:
        for match in pattern.finditer(text):
            if 9 <= _digit_count(match.group(0)) <= 15:
                extension = EXTENSION.match(text, match.end())
                add("PHONE_PLUS" if match.group(0)[0] in "+(" else "PHONE", match.start(),
                    extension.end() if extension else match.end())
    for match in _matches(PHONE_AFTER_KEYWORD, text, present):
        if 7 <= _digit_count(match.group("value")) <= 15:
            add("PHONE", match.start("value"), match.end("value"))
    for pattern in (LOCAL_PHONE, NORDIC_MOBILE):
        for match in pattern.finditer(text):
            add("PHONE", match.start(), match.end())
    for pattern in ID_FALLBACK:
        for match in pattern.finditer(text):
            add("ID_FALLBACK", match.start(), match.end())
    return found


def _sentence_start(text: str, position: int) -> bool:
    """True at a sentence boundary or just inside an opening quote ('said "Forty pounds..."')."""
    index = position - 1
    while index >= 0 and text[index] in " \t\"'“‘(([-–—*•¿¡":
        if text[index] in "\"'“‘" and (index == 0 or text[index - 1] in " \t\n(["):
            return True
        index -= 1
    return index < 0 or text[index] in ".!?:…\n\r"


def _is_label(text: str, end: int) -> bool:
    """The token ends a speaker label: 'Declan: ...' at the start of a line."""
    rest = text[end:end + 3]
    if not rest.startswith(":"):
        return False
    line_start = text.rfind("\n", 0, end) + 1
    head = text[line_start:end]
    return len(head.split()) <= 3 and not any(character in head for character in ".!?,;")


def _name_tokens(text: str) -> list[regex.Match]:
    return list(TOKEN.finditer(text))


def _not_name(word: str) -> bool:
    lowered = word.lower().replace("’", "'")
    return (lowered in NOT_NAMES or lowered in COMMON_STARTS or lowered.rstrip("s") in ORG_WORDS
            or lowered.removesuffix("s") in WEEKDAYS_AND_MONTHS)  # "Tuesdays"


_NAMES_SEEN: dict[str, tuple[Span, ...]] = {}


def _heuristic_names(text: str) -> tuple[Span, ...]:
    """Names from speaker labels, titles, relations and capitalised words inside sentences. Remembered for
    a while (turns of ordinary length, at most a few MB): a session's names are gathered from its turns just
    before the same turns are redacted."""
    found = _NAMES_SEEN.get(text)
    if found is None:
        found = (*_find_heuristic_names(text), *_cued_names(text))
        if len(text) <= 2000:
            if len(_NAMES_SEEN) >= 2048:
                _NAMES_SEEN.clear()
            _NAMES_SEEN[text] = found
    return found


def _form_names(text: str, present: frozenset[str]) -> Iterable[regex.Match[str]]:
    """FORM_NAME's matches: tried at each line's start only (its labels begin a line), unless a Japanese label,
    which may stand anywhere, is present. Only for speed: the matches are the same."""
    if "氏名" in present or "名前" in present:
        return _matches(FORM_NAME, text, present)
    if REQUIRED_WORDS[FORM_NAME] and present.isdisjoint(REQUIRED_WORDS[FORM_NAME]):
        return ()
    starts = [0, *(match.end() for match in regex.finditer(r"\n", text))]
    return [match for start in starts if (match := FORM_NAME.match(text, start))]


def _find_heuristic_names(text: str) -> list[Span]:
    spans: list[Span] = []
    present = _present(text)
    for pattern in (TITLE_NAME, RELATION_NAME, CALLED_NAME):
        for match in _matches(pattern, text, present):
            words = [word for word in regex.finditer(r"\S+", match.group("name"))]
            kept = [word for word in words if not _not_name(word.group(0).rstrip("."))
                    or pattern is TITLE_NAME and len(word.group(0).rstrip(".")) == 1
                    or pattern is RELATION_NAME and word.group(0).lower() in MONTHS_AS_NAMES]  # "my sister May"
            if kept and kept[0].start() == 0:
                start = match.start("name")
                spans.append(Span(start, start + kept[-1].end(), "NAME"))
    for match in _matches(RELATION_LOWER, text, present):
        if match.group("name") in GIVEN_NAMES:
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for match in _matches(RELATION_ANY, text, present):  # an unlisted name: not a word we know, or a verb after it
        word = match.group("name").lower()
        following = (match.group("next") or "").lower()
        owner = regex.match(r"(?i:my|his|her|their|our|your)\s", match.group(0))  # "my sister X": verbs count
        if word not in NOT_LOWER_NAMES and (_unknown_word(word) or owner and (
                following in NAME_VERBS or following in WEAK_NAME_VERBS or following in LOWER_NAME_NEXT)):
            surname = APPOSITIVE_SURNAME.match(text, match.end("name"))  # "my uncle, kofi mensah, ..."
            end = surname.end("surname") if surname and _unknown_word(surname.group("surname")) and (
                surname.group("surname") not in NOT_LOWER_NAMES) else match.end("name")
            spans.append(Span(match.start("name"), end, "NAME"))
    candidates: list[tuple[int, int, bool]] = []  # a lower-case word with a cue: start, end, any word will do
    for pattern in (ME_AND, CALLED_LOWER, CONTACT_LOWER):
        for match in _matches(pattern, text, present):
            named = pattern is CALLED_LOWER and bool(match.group("named"))  # "her name is hope"
            candidates.append((match.start("name"), match.end("name"), named))
    for pattern in (AND_ME, SAYS_LOWER, POSSESSIVE_LOWER):
        before = WORD_BEFORE_POSSESSIVE if pattern is POSSESSIVE_LOWER else WORD_BEFORE
        for match in _matches(pattern, text, present):
            word = before.search(text, max(0, match.start() - 60), match.start())
            if not word:
                continue
            start = word.start("name")
            if text[match.start()] == "," and not text[max(0, start - 4):start].rstrip(" \t").endswith(","):
                continue  # "..., tovah, said": between commas, not "feels unseen, says"
            if pattern is AND_ME and not (start == 0 or AND_ME_BEFORE.search(text, max(0, start - 20), start)):
                continue
            if pattern is not AND_ME and DETERMINER_WORD.search(text, max(0, start - 8), start):
                continue  # "the nurse said", "my gp's house": a role, not a name
            candidates.append((start, word.end("name"), False))
    for match in _matches(SENTENCE_START_LOWER, text, present):  # "dwayne stopped coming", "kayden shares a room"
        word = match.group("name")
        if match.group("verb") in PERSON_VERBS and word not in CHAT_WORDS | NOT_NAMES and not word.endswith(
                (*ORDINARY_ENDINGS, "ism", "ity", "ia", "itis", "ine", "am", "ol")):  # not "meditation helped"
            candidates.append((match.start("name"), match.end("name"), False))
    for match in _matches(NAME_BEFORE_HONORIFIC, text, present):  # "harjit mama", "ritu didi"
        if match.group("name") not in KIN_WORDS and not DETERMINER_WORD.search(text, max(0, match.start() - 8),
                                                                                match.start()):
            candidates.append((match.start("name"), match.end("name"), False))
    for match in AS_IN_NAME.finditer(text) if "as in" in text.lower() else ():  # "gaz as in gary": a nickname
        if _given(match.group("given")):
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for match in SCRIPT_BESIDE_NAME.finditer(text) if "(" in text or "（" in text else ():
        if not any(_not_name(word) for word in match.group("latin").split()):
            spans.append(Span(match.start("script"), match.end("script"), "NAME"))
    for match in _form_names(text, present) if ":" in text or "：" in text else ():
        value = match.group("name")
        words = [word for word in regex.split(r"[ \t,\u3000]+", value) if word]
        if all(word[:1].isupper() or regex.fullmatch(PARTICLES, word) or not word[:1].isalpha() or
               regex.match(r"[\p{Han}\p{Hiragana}\p{Katakana}]", word) for word in words) and not any(
                _not_name(word.rstrip(".")) for word in words):
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    for start, end, named in candidates:
        word = text[start:end].lower()
        if named and word not in NOT_LOWER_NAMES or _unknown_word(word) or _given(word):
            spans.append(Span(start, end, "NAME"))
    for match in _matches(TITLE_LOWER, text, present):
        words = list(regex.finditer(r"\S+", match.group("name")))
        kept = []
        for word in words:
            lowered = word.group(0).lower().strip("'’")
            if lowered in NOT_LOWER_NAMES or lowered.endswith((*ORDINARY_ENDINGS, "ed")) and not kept:
                break  # "dr said", "mr mentioned": a verb, not a name
            kept.append(word)
        if kept:
            start = match.start("name")
            spans.append(Span(start, start + kept[-1].end(), "NAME"))
    tokens = _name_tokens(text)
    runs: list[list[regex.Match]] = []
    for token in tokens:
        if runs and regex.fullmatch(rf"[ \t]+(?:{PARTICLES}[ \t]+)?", text[runs[-1][-1].end():token.start()]):
            runs[-1].append(token)
        else:
            runs.append([token])
    for run in runs:
        words = [token.group(0) for token in run]
        if any(word.lower() in ORG_WORDS for word in words):
            continue  # "Beck Depression Inventory", "St Mary's Hospital": not a person
        first = run[0]
        after = LOWER_AFTER.match(text, run[-1].end())
        if after and after.group(1) in ORG_WORDS:
            continue  # "Willow ward", "Riverside practice": a place named like a person
        if NUMBER_AFTER.match(text, run[-1].end()) and all(
                word.lower() in COMMON_WORDS or word.lower() in NOT_PLACES for word in words):
            continue  # "Room 214", "Level 3", "Seminar Room 2", "Summer 2021": a place or a time, not a person
        if DETERMINER_BEFORE.search(text[max(0, first.start() - 4):first.start()]):
            continue  # "the Hulk", "a Cost-Benefit Analysis": a thing or a title, not a person
        at_start = _sentence_start(text, first.start())
        if len(run) == 1 and _is_label(text, first.end()):
            if not _not_name(first.group(0)) and normalise_label(first.group(0)) not in ROLE_LABELS:
                spans.append(Span(first.start(), first.end(), "NAME"))
            continue
        for position, token in enumerate(run):
            word = token.group(0)
            if _not_name(word):
                continue
            if position == 0 and at_start:
                follows = text[token.end():token.end() + 30]
                next_word = regex.match(r"(?:['’]s\b|\s+(\S+))", follows)
                later_names = [other for other in run[1:] if not _not_name(other.group(0))]
                following = (next_word.group(1) or "").lower().strip(",.") if next_word else ""
                verb = following in NAME_VERBS or (following in WEAK_NAME_VERBS | STARTER_NAME_NEXT
                                                   and not word.lower().endswith(ORDINARY_ENDINGS))
                given = _given(word)
                # a word our texts never use, then a verb or "is my": "Aigerim is my flatmate"
                verb = verb or (word.lower() not in COMMON_WORDS
                                and not word.lower().endswith((*ORDINARY_ENDINGS, "ism", "ity", "ia", "itis"))
                                and (following in VERBS_AFTER_UNKNOWN or bool(PERSON_AFTER_IS.match(follows))))
                with_me = bool(regex.match(r"\s+and\s+(?:I|me|my)\b", follows))  # "Oluwaseun and I"
                # "Mazza and Priya came over": a word our texts never use, and a name after "and"
                other = AND_NAME.match(follows) if word.lower() not in COMMON_WORDS else None
                with_me = with_me or bool(other and word.lower() not in COMMON_WORDS and not _not_name(other.group(1))
                                          and not word.lower().endswith(ORDINARY_ENDINGS))
                related = bool(RELATION_IN_BRACKETS.match(text, token.end()))  # "Bazza (brother)"
                if not (later_names or verb or given or with_me or related or _is_label(text, token.end())):
                    continue
            spans.append(Span(token.start(), token.end(), "NAME"))
    return spans


@functools.lru_cache(maxsize=256)
def _known_name_index(names: frozenset[str], ignore_case: bool) -> dict[str, tuple[str, ...]]:
    """Every spelling of every known name (as given, capitalised, in capitals; in lower case when case is
    ignored) by its first character, longest first. A dictionary, not one big alternation: compiling that
    cost more than redacting a session with many names."""
    variants: set[str] = set()
    for name in names:
        variants.update({name, name[:1].upper() + name[1:], name.upper()})
    index: dict[str, set[str]] = {}
    for variant in variants:
        if len(variant) >= 2:
            key = variant.lower() if ignore_case else variant
            index.setdefault(key[0], set()).add(key)
    return {first: tuple(sorted(group, key=len, reverse=True)) for first, group in index.items()}


NAME_START = regex.compile(r"(?<![\p{L}\p{N}_])\S")  # where a name may begin: not inside a word
WORD_CHARACTER = regex.compile(r"[\p{L}\p{N}_]")


def _known_name_spans(text: str, names: Iterable[str], ignore_case: bool = False) -> list[Span]:
    """Every occurrence of a known name (capitalised or as written), as a whole word; the longest name where
    several start at one place."""
    index = _known_name_index(frozenset(names), ignore_case)
    if not index:
        return []
    lowered = text.lower() if ignore_case else text
    aligned = len(lowered) == len(text)  # else a letter whose lower case is longer ("İ"): compare slice by slice
    spans: list[Span] = []
    position = 0
    for start in NAME_START.finditer(text):
        at = start.start()
        if at < position:
            continue
        for variant in index.get(lowered[at] if aligned else text[at].lower() if ignore_case else text[at], ()):
            end = at + len(variant)
            found = (lowered.startswith(variant, at) if aligned
                     else text[at:end].lower() == variant)
            if found and not WORD_CHARACTER.match(text, end):
                spans.append(Span(at, end, "NAME"))
                position = end
                break
    return spans


def _resolve(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Keep the best detection where several overlap, then merge neighbouring names into one."""
    chosen: list[Span] = []  # sorted by start and never overlapping: only the neighbours need checking
    starts: list[int] = []
    for _, span in sorted(candidates, key=lambda item: (item[0], item[1].start, -(item[1].end - item[1].start))):
        position = bisect.bisect_left(starts, span.start)
        if position > 0 and chosen[position - 1].end > span.start:
            continue
        if position < len(chosen) and chosen[position].start < span.end:
            continue
        chosen.insert(position, span)
        starts.insert(position, span.start)
    return chosen


def _merge_names(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if (merged and span.kind == "NAME" and merged[-1].kind == "NAME"
                and regex.fullmatch(rf"[ \t]*(?:{PARTICLES}[ \t]+){{0,2}}", text[merged[-1].end:span.start])):
            merged[-1] = Span(merged[-1].start, span.end, "NAME")
        else:
            merged.append(span)
    return merged


def find_phi(text: str, names: Iterable[str] = (), heuristics: bool = True, declared: Iterable[str] = ()
             ) -> list[Span]:
    """The PHI spans of `text`, sorted and not overlapping.

    `names` are known names (speaker labels, a YAML client, names found elsewhere in the session): they are
    found anywhere, even at the start of a sentence. `declared` names (the file's own speaker labels and
    client, --client-label) are found in any case too ("harriet"). Without `heuristics` only known names and
    the structured kinds are looked for (file paths, where capitalisation means nothing).
    """
    candidates = _structured(text)
    known = _name_words_of(frozenset(names))  # a session's names: their pattern is compiled once per session
    candidates += [(PRIORITY["NAME"], span) for span in _known_name_spans(text, known, ignore_case=not heuristics)]
    if heuristics:
        discovered = [*_heuristic_names(text), *_lower_case_names(text)]
        discovered += _coordinated_names(text, discovered)
        candidates += [(PRIORITY["NAME"], span) for span in discovered]
        new = name_words(text[span.start:span.end] for span in discovered) - known
        candidates += [(PRIORITY["NAME"], span) for span in _known_name_spans(text, new)]
    candidates += [(PRIORITY["NAME"], span) for span in _known_name_spans(text, _name_words_of(frozenset(declared)),
                                                                           True)]
    return _with_surnames(text, _merge_names(text, _resolve(candidates)))


@functools.lru_cache(maxsize=64)
def _name_words_of(names: frozenset[str]) -> frozenset[str]:
    return frozenset(name_words(names))


# Given names that are also everyday lower-case words: written in lower case they are the word
LOWER_NAME_NEXT = _words("keeps kept says is was has had and who never always just still")
WORD_PREFIXES = _words("non self ex co anti pre post re sub semi half well ill over under multi")
STARTER_NAME_NEXT = _words("never always keeps kept")  # "Priyanka never rings back"
VERBS_AFTER_UNKNOWN = _words("""lives lived works worked gave took helped helps stopped started shares shared moved
brought bought drove picked sent stayed stays""")
# Verbs after a lower-case word at the start of a sentence that make it a person: "dwayne stopped coming"
PERSON_VERBS = NAME_VERBS | VERBS_AFTER_UNKNOWN | _words("came comes left moved keeps kept never always")
REQUIRED_WORDS[SENTENCE_START_LOWER] = tuple(PERSON_VERBS)
REQUIRED_WORDS[CODE_THEN_CITY] = tuple(LISTED_CITIES | {pair.split()[0] for pair in LISTED_CITY_PAIRS})
REQUIRED_WORDS[FORM_NAME] = tuple("name nome nombre nom naam namn nimi imię nazwisko apellido 氏名 名前 patient pt "
                                  "client paciente utente pacjent patiënt cliënt klient asiakas potilas contact "
                                  "kin guardian parent carer ouder verzorger referred referrer gp pårørende "
                                  "angehörige".split())
PERSON_AFTER_IS = regex.compile(r"[ \t]+(?:is|was|'s|’s)[ \t]+(?:my|our|his|her|their|your)\b")
MONTHS_AS_NAMES = _words("april may june july august")  # after a relation they are names: "my friend June"
LOWER_CASE_WORDS = frozenset({"blessing", "daisy", "dean", "eve", "holly", "jade", "jasmine", "jean", "lily", "max",
                              "mike", "poppy", "rob", "victor"})
LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}_'’@.-])\p{Ll}{2,}(?![\p{L}\p{N}_@-]|['’]\p{L}{2})")
SURNAME_AFTER = regex.compile(r"[ \t]+(?i:o['’]\p{L}{2,}|mc\p{L}{2,}|mac\p{L}{3,}|fitz\p{L}{2,}|"
                              r"(?:al|el|ibn|abu|bin|ben|ould)-\p{L}{2,}|"
                              # particles, then the surname: "van der merwe", "ní bhriain", "de la fuente"
                              r"(?:(?:van|von|der|den|de|du|da|di|del|della|la|le|ter|ten|ní|nic|mac|ó|ua|bin|ibn)"
                              r"[ \t]+){1,3}\p{L}[\p{L}'’-]+)(?![\p{L}])")


def _given(word: str) -> bool:
    """On the given-names list, accents aside: "siobhán" is "siobhan"."""
    lowered = word.lower()
    if lowered in GIVEN_NAMES or lowered.isascii():
        return lowered in GIVEN_NAMES
    plain = unicodedata.normalize("NFKD", lowered)
    return "".join(character for character in plain if not unicodedata.combining(character)) in GIVEN_NAMES


def _unknown_word(word: str) -> bool:
    """Not an ordinary lower-case word: neither in our own texts' vocabulary nor a function word.
    A hyphenated word is a name when a part is a given name or no part is known ("mei-ling", not "non-smoker")."""
    if "-" in word:
        parts = word.split("-")
        if parts[0] in WORD_PREFIXES:
            return False  # "non-smoker", "self-harm"
        return any(_given(part) for part in parts) or all(_unknown_word(part) for part in parts)
    return word not in COMMON_WORDS and word not in NOT_LOWER_NAMES and not word.endswith(("ing", "ly", "ed"))


# Seventh round: names with other cues. A friend's home ("sleeping at kez's."), a message that opens with who
# sends it ("hey its tiggy, ..."), a name spelled out ("O-R-L-A"), a list with "me" before a verb ("me, hope and kit
# drove ..."), initials after "client" ("client R.T."), a full name before "is my ... name", a nickname before
# "le decimos" ("we call her ...")
HOME_POSSESSIVE = regex.compile(r"\b(?i:at|round|to|from|it['’]s|its)[ \t]+(?P<name>\p{Ll}{2,}(?:-\p{Ll}+)?)['’]s"
                                r"(?=[ \t]*(?:[.,;:!?)]|$|\n)|"
                                r"[ \t]+(?:most|tonight|now|again|instead|till|until|for)\b)")
GREETING_SELF = regex.compile(r"(?i:\b(?:hi|hiya|hey|heya|hello|morning|evening)\b[ \t,!.]*(?:it['’]?s|this[ \t]+is)"
                              r"[ \t]+)(?P<name>\p{L}{2,})(?=[ \t]*(?:[,.!–-]|here\b|$))")
SPELLED_NAME = regex.compile(r"\b\p{L}-\p{L}-\p{L}(?:-\p{L})*\b(?!-)")
ME_LIST = regex.compile(r"(?i:\b(?:me|i),[ \t]+)(?P<names>\p{Ll}{2,}(?:,[ \t]+\p{Ll}{2,})*,?[ \t]+and[ \t]+\p{Ll}{2,})"
                        r"[ \t]+(?P<verb>\p{Ll}+)")
LIST_VERBS = _words("""went came were all both got had drove left used stayed moved did met are have walked headed
spent took flew sat ran""")
NOT_IN_LIST = _words("""him her them us you myself mum dad mom mam mummy daddy nan gran the my his their our kids
baby dog cat""") | KIN_WORDS
INITIALS = regex.compile(r"(?<=\b(?i:client|patient|pt|service[ \t]+user|young[ \t]+person|child|supervisee|resident)"
                         r"[ \t]+)\p{Lu}\.(?:[ \t]?\p{Lu}\.)+")
FULL_NAME_IS = regex.compile(r"(?:^|[.!?:][ \t]+|\n)(?P<name>\p{Ll}{2,}(?:[ \t]+\p{Ll}{2,}){0,3})[ \t]+(?:is|was)[ \t]+"
                             r"(?:my|his|her|their|our|your)[ \t]+(?:\p{Ll}+['’]s[ \t]+)?"
                             r"(?:(?:full|real|first|last|maiden|birth)[ \t]+)?name\b")
NICKNAME_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Lu}\p{Ll}+)[ \t]+(?i:le|la|lo|nos)[ \t]+"
                                r"(?i:dec[ií]amos|decimos|dicen|dec[ií]an|llamamos|llam[aá]bamos|chamamos|chamávamos)\b")
RELATION_IN_BRACKETS = regex.compile(rf"[ \t]*\((?i:{RELATIONS})\)")
AND_WORD_AFTER = regex.compile(r"[ \t]+and[ \t]+(?P<nick>(?:big|little|lil|wee|young|old)[ \t]+)?"
                            r"(?P<name>\p{Ll}{2,})(?![\p{L}'’-])")  # "tash and big dunc"
# Ninth round: a capitalised name set off as "..., my eldest," ("Joy, my eldest, ..."); a clinician's surname
# and initial after a role ("Signed by: Obi, T."); a one-word sentence naming the relation just before it
# ("... was my aunt. Halina."); a message that names its sender before "btw" or "here" ("its zara btw")
APPOSITIVE_KIN = regex.compile(rf"(?<![\p{{L}}'’-])(?P<name>{NAME_TOKEN}),[ \t]+(?i:my|our|his|her|their)[ \t]+"
                               rf"(?i:(?:(?:eldest|youngest|oldest|middle|little|big|older|younger|baby)[ \t]+)?"
                               rf"(?:{RELATIONS})|eldest|youngest|oldest|middle[ \t]+one|baby)(?=[ \t]*[,;)—–])")
ROLE_SURNAME_INITIAL = regex.compile(
    r"(?i:\b(?:clinician|therapist|counsell?or|provider|author|signed(?:[ \t]+by)?|supervisor|psychologist|"
    r"psychiatrist|key[ \t]+worker|care[ \t]+co-?ordinator|seen[ \t]+by|reviewed[ \t]+by))[ \t]*:[ \t]*"
    r"(?P<name>\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}\p{Ll}+)?,[ \t]*\p{Lu}\.(?:[ \t]?\p{Lu}\.)?)")
RELATION_THEN_NAME = regex.compile(rf"(?i:\b(?:my|his|her|their|our|your)[ \t]+(?:{RELATIONS}))\.[ \t]+"
                                   rf"(?P<name>{NAME_TOKEN})(?=[ \t]*[.!])")
SENDER_AFTER = regex.compile(r"(?i:\b(?:it['’]?s|this[ \t]+is)[ \t]+)(?P<name>\p{L}{2,})"
                             r"[ \t]+(?i:btw|here|again)\b")
AND_WORD_BEFORE = regex.compile(r"(?<![\p{L}'’-])(?P<name>\p{Ll}{2,})[ \t]+and[ \t]+$")


def _cued_names(text: str) -> list[Span]:
    """Names found by the seventh round's cues (see HOME_POSSESSIVE to NICKNAME_BEFORE)."""
    spans: list[Span] = []
    lowered = text.lower()
    if "'s" in lowered or "’s" in lowered:
        for match in HOME_POSSESSIVE.finditer(text):  # (its 's: "at kez's.")
            word = match.group("name")
            if word not in NOT_LOWER_NAMES and (_unknown_word(word) or _given(word)):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if ("its" in lowered or "it's" in lowered or "it’s" in lowered or "this is" in lowered) and any(
            word in lowered for word in ("hi", "hey", "hello", "morning", "evening")):
        for match in GREETING_SELF.finditer(text):
            word = match.group("name").lower()
            if word not in NOT_LOWER_NAMES and word not in COMMON_STARTS and (_unknown_word(word) or _given(word)):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if "-" in text:
        for match in SPELLED_NAME.finditer(text):
            letters = match.group(0).replace("-", "")
            word = letters.lower()
            if match.start() and text[match.start() - 1] in "-_" or not (letters.isupper() or letters.islower()):
                continue
            if _given(word) or word not in COMMON_WORDS and word not in NOT_LOWER_NAMES:
                spans.append(Span(match.start(), match.end(), "NAME"))
    if " and " in lowered and ("me," in lowered or "i," in lowered):
        for match in ME_LIST.finditer(text):
            words = list(regex.finditer(r"\p{Ll}{2,}", match.group("names")))
            names = [word for word in words if word.group(0) != "and"]
            verb = match.group("verb")
            if (verb in LIST_VERBS or verb.endswith("ed")) and not any(
                    word.group(0) in NOT_IN_LIST or regex.fullmatch(RELATIONS, word.group(0)) for word in names):
                spans += [Span(match.start("names") + word.start(), match.start("names") + word.end(), "NAME")
                          for word in names]
    if "." in text and any(word in lowered for word in ("client", "patient", "pt", "user", "person", "child",
                                                          "supervisee", "resident")):
        spans += [Span(match.start(), match.end(), "NAME") for match in INITIALS.finditer(text)]
    if "name" in lowered:
        for match in FULL_NAME_IS.finditer(text):
            words = match.group("name").split()
            if not any(word in NOT_LOWER_NAMES or word in COMMON_STARTS for word in words):
                spans.append(Span(match.start("name"), match.end("name"), "NAME"))
    if any(word in lowered for word in ("decimos", "decíamos", "deciamos", "dicen", "decían", "decian", "llam",
                                        "cham")):
        spans += [Span(match.start("name"), match.end("name"), "NAME") for match in NICKNAME_BEFORE.finditer(text)]
    return spans + _ninth_round_names(text, lowered)


def _ninth_round_names(text: str, lowered: str) -> list[Span]:
    """Names found by the ninth round's cues (see APPOSITIVE_KIN to SENDER_AFTER): the word must be a given name
    or no word our texts use, and no weekday, heading or sentence opener."""
    spans: list[Span] = []

    def add(match: regex.Match[str]) -> None:
        word = match.group("name")
        plain = word.lower()
        if plain in COMMON_STARTS or plain in NOT_LOWER_NAMES or _not_name(word.split(",")[0]):
            return
        if _given(word) or plain.split(",")[0] not in COMMON_WORDS:
            spans.append(Span(match.start("name"), match.end("name"), "NAME"))

    if ", " in text:
        for match in APPOSITIVE_KIN.finditer(text):
            add(match)
    if ":" in text and "." in text:
        for match in ROLE_SURNAME_INITIAL.finditer(text):
            add(match)
    if ". " in text:
        for match in RELATION_THEN_NAME.finditer(text):
            add(match)
    if any(word in lowered for word in ("btw", "here", "again")):
        for match in SENDER_AFTER.finditer(text):
            add(match)
    return spans


def _coordinated_names(text: str, spans: list[Span]) -> list[Span]:
    """A lower-case word joined by "and" to a lower-case name is a name too ("sadia and mehreen"), when it is a
    given name or no word our texts use (and has no plural's or a noun's ending)."""
    found: list[Span] = []
    for span in spans:
        if span.kind != "NAME" or not text[span.start:span.end].islower():
            continue  # a lower-case name: "Tuesday and invites" is no pair of names
        after = AND_WORD_AFTER.match(text, span.end)
        before = AND_WORD_BEFORE.search(text, max(0, span.start - 40), span.start)
        for match in (after, before):
            word = match.group("name") if match else ""
            nick = match is not None and match.groupdict().get("nick") is not None
            if match and word not in NOT_LOWER_NAMES and (_given(word) or (_unknown_word(word) or nick and not (
                    word in NOT_IN_LIST or regex.fullmatch(RELATIONS, word) or word.endswith(("ing", "ed", "ly"))))
                    and not word.endswith(("s", "ion", "al", "ity", "ment"))):
                found.append(Span(match.start("name"), match.end("name"), "NAME"))
    return found


def _lower_case_names(text: str) -> list[Span]:
    """A common given name written in lower case ("i told callum"), unless it is also an everyday word."""
    return [Span(match.start(), match.end(), "NAME") for match in LOWER_WORD.finditer(text)
            if _given(match.group(0)) and match.group(0) not in LOWER_CASE_WORDS]


NICKNAME_AFTER = regex.compile(r"[ \t]*\([ \t]*[\"“'‘]?(?P<name>\p{Lu}\p{Ll}+)[\"”'’]?[ \t]*\)")


def _with_surnames(text: str, spans: list[Span]) -> list[Span]:
    """A name runs on over an Irish or Scottish surname written in lower case ("siobhan o'neill"), and a
    nickname in brackets after it is a name too ('Joseph ("Joey")')."""
    extended: list[Span] = []
    for position, span in enumerate(spans):
        found = SURNAME_AFTER.match(text, span.end) if span.kind == "NAME" else None
        following = spans[position + 1].start if position + 1 < len(spans) else len(text)
        if found and found.end() <= following:
            span = Span(span.start, found.end(), "NAME")
        extended.append(span)
        nickname = NICKNAME_AFTER.match(text, span.end) if span.kind == "NAME" else None
        if nickname and nickname.end() <= following:
            extended.append(Span(nickname.start("name"), nickname.end("name"), "NAME"))
    return extended


def name_words(names: Iterable[str]) -> set[str]:
    """The words of names worth looking for: 'Dr Lee' gives 'Lee' and 'Dr Lee'; role labels give nothing."""
    words: set[str] = set()
    for name in names:
        name = name.strip()
        if not name or normalise_label(name) in ROLE_LABELS:
            continue
        parts = [part.strip(".,") for part in name.split()]
        kept = [part for part in parts if part.lower() not in TITLES and len(part) >= 2
                and part.lower() not in ROLE_LABELS]
        words.update(kept)
        if len(kept) > 1:
            words.add(" ".join(kept))
    return words


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with every PHI span replaced by its placeholder, such as [NAME] or [PHONE]."""
    return _apply(text, find_phi(text, names))


PATH_DATE = regex.compile(r"(?<!\d)(?:\d{4}[-_.]?\d{2}[-_.]?\d{2}|\d{2}[-_.]\d{2}[-_.]\d{4})(?!\d)")


PATH_WORD = regex.compile(r"(?<![\p{L}])\p{L}{2,}(?![\p{L}])")


def redact_path(path: str, names: Iterable[str] = ()) -> str:
    """A file path with known names and common given names (in any case: `client-harriet/`), dates, emails,
    phones and record numbers replaced. `_` separates words in a file name as a space does in text."""
    spaced = path.replace("_", " ")  # same length: spans found here apply to the path as it is
    given = {match.group(0) for match in PATH_WORD.finditer(spaced) if match.group(0).lower() in GIVEN_NAMES}
    spans = find_phi(spaced, names, heuristics=False, declared=given)  # without heuristics, names in any case
    dates = [Span(match.start(), match.end(), "DATE") for match in PATH_DATE.finditer(path)]
    dates = [date for date in dates if all(date.end <= span.start or date.start >= span.end for span in spans)]
    return _apply(path, sorted(spans + dates, key=lambda span: span.start))


def _apply(text: str, spans: list[Span]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position:span.start])
        pieces.append(f"[{span.kind}]")
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def session_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """Every name a session gives away: extra names, its client, speaker labels, names found in its text."""
    names = set(name_words(extra_names))
    if session.client:
        names |= name_words([session.client])
    names |= name_words(turn.label for turn in session.turns if turn.label)
    for turn in session.turns:
        names |= name_words(turn.text[span.start:span.end] for span in _heuristic_names(turn.text))
    return names


def declared_names(session: Session, extra_names: Iterable[str] = ()) -> set[str]:
    """The names a file states itself (client, speaker labels) and the user gave: found in any case."""
    names = set(name_words(extra_names))
    if session.client:
        names |= name_words([session.client])
    return names | name_words(turn.label for turn in session.turns if turn.label)


def _redact_label(label: str) -> str:
    """A speaker label that is a name becomes [NAME] (keeping a title: "Dr [NAME]"); role labels stay."""
    if not label or normalise_label(label) in ROLE_LABELS:
        return label
    title = label.split()[0] if label.split()[0].lower().rstrip(".") in TITLES and len(label.split()) > 1 else ""
    return f"{title} [NAME]".strip()


def redact_report(report: SessionReport, extra_names: set[str],
                  run_aliases: dict[str, str] | None = None) -> SessionReport:
    """The same report with PHI replaced in every text field: quotes, turn texts, labels, warnings, file, ids.

    Names found anywhere in the session are redacted everywhere in it, so a name at the start of a quoted
    sentence is caught when the same name appears elsewhere. Pure: the report given is not changed.
    """
    session = report.session
    names = frozenset(session_names(session, extra_names))
    declared = frozenset(declared_names(session, extra_names))
    memo: dict[str, str] = {}

    def redact_once(text: str) -> str:  # quotes repeat their turn's sentences
        if text not in memo:
            memo[text] = _apply(text, find_phi(text, names, declared=declared))
        return memo[text]

    aliases = member_aliases(session, run_aliases)
    if aliases:  # a group: members are told apart by a consistent pseudonym, in their labels and in the text
        hide, show = _pseudonymiser(aliases)
        plain_redact = redact_once

        def redact_once(text: str) -> str:
            return show(plain_redact(hide(text)))

    def label(name: str) -> str:
        return aliases.get(name) or _redact_label(name)

    turns = tuple(turn.model_copy(update={"text": redact_once(turn.text), "label": label(turn.member or turn.label),
                                          "member": aliases.get(turn.member, turn.member)})
                  for turn in session.turns)
    session_id = redact_once(session.session_id) if session.session_id else session.session_id
    redacted_session = session.model_copy(update={
        "file": _redact_file(session.file, session.session_id, session_id, names),
        "session_id": session_id,
        "date": "[DATE]" if session.date else session.date,
        "client": "[NAME]" if session.client else session.client,
        "turns": turns,
        "warnings": tuple(redact_once(warning) for warning in session.warnings),  # declared labels: any case
        "members": tuple(label(member) for member in session.members),
        "therapists": tuple(label(therapist) for therapist in session.therapists),
    })
    episodes = tuple(_redact_episode(item, redact_once, label) for item in report.episodes)
    group = report.group.renamed(label) if report.group is not None else None
    return dataclasses.replace(report, session=redacted_session, episodes=episodes, group=group)


def _redact_file(file: str, session_id: str | None, redacted_id: str | None, names: frozenset[str]) -> str:
    """The path, and a table's session id after its '#' redacted as the `session_id` field is."""
    suffix = f"#{session_id}"
    if session_id and redacted_id is not None and file.endswith(suffix):
        return f"{redact_path(file[: -len(suffix)], names)}#{redacted_id}"
    return redact_path(file, names)


def member_aliases(session: Session, run_aliases: dict[str, str] | None = None) -> dict[str, str]:
    """A group's members as Member 1, Member 2... in the order the session lists them (or as a whole run names
    them, `run_aliases`, so a member keeps one pseudonym across sessions); none for one client."""
    if not session.is_group:
        return {}
    if run_aliases is not None:
        return {member: run_aliases.get(member, f"Member {len(run_aliases) + number}")
                for number, member in enumerate(session.members, start=1)}
    return {member: f"Member {number}" for number, member in enumerate(session.members, start=1)}


def run_member_aliases(sessions: Iterable[Session]) -> dict[str, str]:
    """Every group member of a run as Member 1, Member 2... in order of first appearance (--by-client)."""
    aliases: dict[str, str] = {}
    for session in sessions:
        if session.is_group:
            for member in session.members:
                aliases.setdefault(member, f"Member {len(aliases) + 1}")
    return aliases


def _pseudonymiser(aliases: dict[str, str]) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(hide, show): hide replaces each member's name (whole words, any case, longest first) with a placeholder
    the PHI detectors leave alone; show turns the placeholders into the pseudonyms once the text is redacted."""
    names = sorted(aliases, key=len, reverse=True)
    pattern = regex.compile("|".join(rf"(?<!\w){regex.escape(name)}(?!\w)" for name in names), regex.IGNORECASE)
    numbers = {name.casefold(): number for number, name in enumerate(aliases, start=1)}
    by_number = {str(number): alias for number, alias in enumerate(aliases.values(), start=1)}
    placeholder = regex.compile(r"\[MEMBER_(\d+)\]")

    def hide(text: str) -> str:
        return pattern.sub(lambda found: f"[MEMBER_{numbers[found.group(0).casefold()]}]", text)

    def show(text: str) -> str:
        return placeholder.sub(lambda found: by_number.get(found.group(1), found.group(0)), text)

    return hide, show


def _group_texts(item: EpisodeReport, redact: Callable[[str], str]) -> dict[str, Any]:
    """In a group, what worked and what was tried name the members who repaired."""
    stage = item.stage
    return {"worked": redact(stage.worked) if stage.worked else stage.worked,
            "already_tried": tuple(redact(text) for text in stage.already_tried)}


def _redact_target(target: str, label: Callable[[str], str]) -> str:
    return f"member:{label(target[len('member:'):])}" if target.startswith("member:") else target


def _redact_episode(item: EpisodeReport, redact: Callable[[str], str],
                    label: Callable[[str], str] = lambda name: name) -> EpisodeReport:
    hits = tuple(dataclasses.replace(hit, quote=redact(hit.quote), matched=redact(hit.matched),
                                     speaker=label(hit.speaker) if hit.speaker != "therapist" else hit.speaker,
                                     target=_redact_target(hit.target, label))
                 for hit in item.episode.hits)
    strategies = tuple(dataclasses.replace(hit, quote=redact(hit.quote), by=_redact_target(hit.by, label)
                                           if hit.by.startswith("member:") else label(hit.by))
                       for hit in item.repair.strategies)
    ratings = tuple(dataclasses.replace(rating, reasons=tuple(redact(reason) for reason in rating.reasons))
                    for rating in item.episode.turn_ratings)  # a significance reason may quote the client
    return dataclasses.replace(
        item,
        episode=dataclasses.replace(item.episode, hits=hits, reasons=tuple(redact(reason) for reason in
                                                                          item.episode.reasons),
                                    turn_ratings=ratings, speaker=label(item.episode.speaker),
                                    target=_redact_target(item.episode.target, label)),
        repair=dataclasses.replace(item.repair, strategies=strategies),
        stage=dataclasses.replace(item.stage, approach_reason=redact(item.stage.approach_reason),
                                  **_group_texts(item, redact) if item.episode.speaker else {}),
        therapist=_redact_therapist(item.therapist, redact),
    )


def _redact_therapist(side: Any, redact: Callable[[str], str]) -> Any:
    """The therapist's moves quote the therapist's words (which can name the client): redacted like the rest."""
    if side is None:
        return None

    def moves(hits: tuple) -> tuple:
        return tuple(dataclasses.replace(hit, quote=redact(hit.quote), cues=tuple(redact(cue) for cue in hit.cues))
                     for hit in hits)

    return dataclasses.replace(side, before=moves(side.before), after=moves(side.after))


def redact_client_summary(summary: dict[str, Any], reports: list[SessionReport],
                          extra_names: set[str], run_aliases: dict[str, str] | None = None) -> dict[str, Any]:
    """A --by-client summary with the client's name (a group member's pseudonym), the file paths and the session
    dates replaced."""
    names = set(name_words(extra_names)) | name_words([str(summary.get("client", ""))])
    for report in reports:
        names |= session_names(report.session, extra_names)
    sessions = [dict(point, file=redact_path(point["file"], names),
                     date="[DATE]" if point.get("date") else point.get("date")) for point in summary["sessions"]]
    return dict(summary, client=(run_aliases or {}).get(str(summary.get("client")), "[NAME]"), sessions=sessions)


def redaction_fingerprint(extra_names: Iterable[str] | None) -> str:
    """Part of the resume key, so a redacted run never keeps records of an unredacted one (or the reverse)."""
    if extra_names is None:
        return ""
    return "+redact-" + hashlib.sha256("\n".join(sorted(extra_names)).encode()).hexdigest()[:8]


# --- evaluation on labelled snippets -----------------------------------------------------------------------------

@dataclass
class KindScore:
    """Counts for one kind: expected spans found, all expected, predictions that hit one, all predictions."""

    found: int = 0
    expected: int = 0
    correct: int = 0
    predicted: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


def _gold_spans(text: str, items: list[dict[str, str]]) -> list[Span]:
    spans: list[Span] = []
    for item in items:
        start = text.find(item["text"])
        if start < 0:
            raise ValueError(f"expected span {item['text']!r} is not in the snippet")
        while start >= 0:
            spans.append(Span(start, start + len(item["text"]), item["kind"]))  # type: ignore[arg-type]
            start = text.find(item["text"], start + 1)
    return spans


def _covered(gold: Span, predicted: list[Span], text: str) -> bool:
    """Every letter and digit of `gold` lies inside a predicted span of its kind."""
    return all(any(span.kind == gold.kind and span.start <= index < span.end for span in predicted)
               for index in range(gold.start, gold.end) if text[index].isalnum())


def evaluate(snippets: list[dict[str, Any]]) -> tuple[dict[str, KindScore], int, int]:
    """Per-kind scores, and how many expected spans kept any letter or digit unredacted (of how many)."""
    scores = {kind: KindScore() for kind in KINDS}
    leaked = total = 0
    for snippet in snippets:
        text = snippet["text"]
        gold = _gold_spans(text, snippet.get("phi") or [])
        declared = name_words(snippet.get("names") or [])
        predicted = find_phi(text, declared, declared=declared)
        for span in gold:
            score = scores[span.kind]
            score.expected += 1
            score.found += _covered(span, predicted, text)
            total += 1
            leaked += not all(any(other.start <= index < other.end for other in predicted)
                              for index in range(span.start, span.end) if text[index].isalnum())
        for span in predicted:
            score = scores[span.kind]
            score.predicted += 1
            score.correct += any(other.kind == span.kind and other.start < span.end and span.start < other.end
                                 for other in gold)
    return scores, leaked, total


def misses(snippets: list[dict[str, Any]]) -> list[str]:
    """One line per missed expected span and per false alarm, for tuning."""
    lines: list[str] = []
    for snippet in snippets:
        text = snippet["text"]
        gold = _gold_spans(text, snippet.get("phi") or [])
        declared = name_words(snippet.get("names") or [])
        predicted = find_phi(text, declared, declared=declared)
        for span in gold:
            if not _covered(span, predicted, text):
                lines.append(f"missed {span.kind} {text[span.start:span.end]!r} in {text!r}")
        for span in predicted:
            if not any(other.kind == span.kind and other.start < span.end and span.start < other.end
                       for other in gold):
                lines.append(f"false {span.kind} {text[span.start:span.end]!r} in {text!r}")
    return lines


def format_table(scores: dict[str, KindScore], leaked: int, total: int) -> str:
    """The per-kind table as Markdown, ready for the README."""
    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = ["| kind | expected | found | recall | predicted | precision |", "|---|---|---|---|---|---|"]
    for kind, score in scores.items():
        rows.append(f"| {kind} | {score.expected} | {score.found} | {figure(score.recall)} | {score.predicted} "
                    f"| {figure(score.precision)} |")
    rows.append(f"\n{total - leaked} of {total} expected spans fully redacted (any placeholder); {leaked} leaked.")
    return "\n".join(rows)


def load_snippets(path: Path) -> list[dict[str, Any]]:
    import yaml

    return list(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or [])


def main(argv: list[str] | None = None) -> int:
    """`python -m rupturecli.privacy.redaction --evaluate FILE`: print recall and precision per kind."""
    parser = argparse.ArgumentParser(prog="python -m rupturecli.privacy.redaction", description=__doc__)
    parser.add_argument("--evaluate", type=Path, metavar="FILE", help="labelled snippets (YAML)")
    parser.add_argument("--misses", action="store_true", help="also list missed spans and false alarms")
    parser.add_argument("text", nargs="?", help="a text to redact (standard input when absent)")
    arguments = parser.parse_args(argv)
    if arguments.evaluate:
        snippets = load_snippets(arguments.evaluate)
        print(f"{len(snippets)} snippets in {arguments.evaluate}")
        print(format_table(*evaluate(snippets)))
        if arguments.misses:
            print("\n".join(misses(snippets)))
        return 0
    text = arguments.text if arguments.text is not None else sys.stdin.read()
    sys.stdout.write(redact_text(text) + ("" if text.endswith("\n") else "\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

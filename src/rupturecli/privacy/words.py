"""Word lists, and the questions the detectors ask of a word: could it be a name, is it a given name, is it a
word our own texts use.

Capitalised words that are not people's names (weekdays, titles, headings of forms in several languages,
nationalities, places, brands), words that start sentences, verbs people do after their name, relations.
"""

from __future__ import annotations

import unicodedata

import regex

from rupturecli.parsing.common_words import COMMON_WORDS
from rupturecli.parsing.given_names import GIVEN_NAMES
from rupturecli.parsing.labels import CLIENT_LABELS, THERAPIST_LABELS

ROLE_LABELS = CLIENT_LABELS | THERAPIST_LABELS


def word_set(text: str) -> frozenset[str]:
    """The words of a text in lower case: how the lists below are written."""
    return frozenset(text.lower().split())


WEEKDAYS_AND_MONTHS = word_set("""
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun
january february march april may june july august september october november december sept
""")
TITLES = word_set("""
dr doctor mr mrs ms miss mx prof professor nurse sister matron father fr rev reverend sir dame lady lord judge
officer pc dc sgt sergeant inspector councillor cllr
""")
# Capitalised in the middle of a sentence for reasons other than being someone's name.
NOT_NAMES = WEEKDAYS_AND_MONTHS | TITLES | word_set("""
i i'm i've i'd i'll ok okay yes no hi hello hey thanks thank please sorry um uh er erm hmm mm mhm yeah yep nope
oh ah well right so and but or then now today tonight tomorrow yesterday morning afternoon evening night week
weekend christmas easter ramadan eid diwali hanukkah passover halloween thanksgiving lent advent new year years
eve boxing day bank holiday holidays
sie ihnen ihr ihre ihrem ihren ihrer mob kontaktperson consultant
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
COMMON_STARTS = word_set("""
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
NAME_VERBS = word_set("""
said says told tells asked asks rang rings phoned phones texted texts emailed messaged arrived attended cancelled
canceled died shouted cried laughed agreed refused promised complained visited replied explained admitted reckons
""")
# ...and these too, unless the word looks like an ordinary one ("Trying isn't enough", "Usually didn't").
WEAK_NAME_VERBS = word_set("""
called calls came comes left leaves moved thinks thought wants wanted knows knew doesn't didn't won't hasn't
wouldn't isn't wasn't
""")
RELATIONS = (
    r"son|daughter|wife|husband|partner|friend|boyfriend|girlfriend|mother|mum|mom|father|dad|brother|sister|"
    r"sibling|boss|manager|colleague|cousin|aunt|auntie|uncle|grandmother|grandfather|gran|grandma|grandad|nan|"
    r"niece|nephew|fianc[eé]e?|flatmate|roommate|housemate|neighbour|neighbor|teacher|ex|kid|child|baby|"
    r"stepson|stepdaughter|stepmother|stepfather|stepdad|stepmum|sponsor|carer|caseworker|social worker|"
    r"solicitor|lawyer|landlord|landlady|mate|best friend|"
    # kin in Spanish, Portuguese, Italian, German and Dutch: "tía marisol", "nonna graziella" (not words that hide
    # inside English ones, "tio" in "option", "oma" in "diploma": the prefilter looks for them as substrings)
    r"abuela|abuelo|abuelita|abuelito|tía|tío|hermana|hermano|madrina|padrino|avó|avô|nonna|nonno|zia|zio|"
    r"tante|onkel"
)
ORG_WORDS = word_set("""
hospital clinic school college university trust service services team act inventory scale questionnaire
centre center unit ward council practice surgery department office court police church group programme
program association foundation society company ltd inc limited hall house line tribunal board agency institute
network partnership authority commission union club academy room suite lounge wing building floor
""")
# The relations as plain words: one of them is in every match of a pattern built on RELATIONS (see prefilter.py)
RELATION_WORDS = tuple(word.replace("[eé]e?", "") for word in RELATIONS.replace(" ", "|").split("|"))
# Lower-case words that follow a title or a relation without being a name ("my mum never listens")
NOT_LOWER_NAMES = word_set("""
a an the and or but so then too also again just only even ever still really actually always never usually
often sometimes already now once is was are were be been being has have had does did do doesn't didn't don't
isn't wasn't can can't could couldn't will won't would wouldn't should shouldn't may might must said says told
tells keeps kept gets got went goes came comes left lives lived works worked thinks thought wants wanted knows
knew feels felt seems seemed says, who which that what when where how why if because since as at in on of to
for from with by about into over under after before says: says. i me my you your he him his she her we us our
they them their it its this these those there here home back up down out off away all both each one two three
first last next new old little big own same other another some any no not nothing everything something
anything somebody nobody everyone says dad mum mom died passed
se le lo la que y e es está era fue tiene vive mora dice ha è sta vit ist hat wohnt sagt war en con al
il und im bei mit zu non ne
""")
DETERMINER_WORD = regex.compile(r"(?i:\b(?:the|a|an|my|his|her|their|our|your|this|that|every|no|some|any|its)"
                                r"[ \t]+)$")
KIN_WORDS = word_set("papa mama mummy mum dad daddy nana nani dada dadi baba amma appa ammi abba bhai didi beta beti")
CHAT_WORDS = word_set("lol omg idk tbh ngl imo btw smh fr tbf ikr ffs pls plz thx ty gonna wanna gotta dunno")
# After a relation and a lower-case word, these make the word a name: "my sister aoife keeps ringing"
LOWER_NAME_NEXT = word_set("keeps kept says is was has had and who never always just still")
WORD_PREFIXES = word_set("non self ex co anti pre post re sub semi half well ill over under multi")
STARTER_NAME_NEXT = word_set("never always keeps kept")  # "Priyanka never rings back"
VERBS_AFTER_UNKNOWN = word_set("""lives lived works worked gave took helped helps stopped started shares shared moved
brought bought drove picked sent stayed stays""")
# Verbs after a lower-case word at the start of a sentence that make it a person: "dwayne stopped coming"
PERSON_VERBS = NAME_VERBS | VERBS_AFTER_UNKNOWN | word_set("came comes left moved keeps kept never always")
MONTHS_AS_NAMES = word_set("april may june july august")  # after a relation they are names: "my friend June"
# Given names that are also everyday lower-case words: written in lower case they are the word
LOWER_CASE_WORDS = frozenset({"blessing", "daisy", "dean", "eve", "holly", "jade", "jasmine", "jean", "lily", "max",
                              "mike", "poppy", "rob", "victor"})
# "me, hope and kit drove ...": a list with "me" before one of these verbs names people, unless it holds a word of
# NOT_IN_LIST ("me, mum and dad went")
LIST_VERBS = word_set("""went came were all both got had drove left used stayed moved did met are have walked headed
spent took flew sat ran""")
NOT_IN_LIST = word_set("""him her them us you myself mum dad mom mam mummy daddy nan gran the my his their our kids
baby dog cat""") | KIN_WORDS


def never_a_name(word: str) -> bool:
    """A capitalised word that is no one's name: a weekday or month (also in the plural), a title, a heading, a
    sentence opener, a word of an organisation's name."""
    lowered = word.lower().replace("’", "'")
    return (lowered in NOT_NAMES or lowered in COMMON_STARTS or lowered.rstrip("s") in ORG_WORDS
            or lowered.removesuffix("s") in WEEKDAYS_AND_MONTHS)  # "Tuesdays"


def given_name(word: str) -> bool:
    """On the given-names list, accents aside: "siobhán" is "siobhan"."""
    lowered = word.lower()
    if lowered in GIVEN_NAMES or lowered.isascii():
        return lowered in GIVEN_NAMES
    plain = unicodedata.normalize("NFKD", lowered)
    return "".join(character for character in plain if not unicodedata.combining(character)) in GIVEN_NAMES


def unknown_word(word: str) -> bool:
    """Not an ordinary lower-case word: neither in our own texts' vocabulary nor a function word.
    A hyphenated word is a name when a part is a given name or no part is known ("mei-ling", not "non-smoker")."""
    if "-" in word:
        parts = word.split("-")
        if parts[0] in WORD_PREFIXES:
            return False  # "non-smoker", "self-harm"
        return any(given_name(part) for part in parts) or all(unknown_word(part) for part in parts)
    return word not in COMMON_WORDS and word not in NOT_LOWER_NAMES and not word.endswith(("ing", "ly", "ed"))

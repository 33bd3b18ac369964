"""Lower-case words the project's own texts use (built by scripts/build-common-words.py; do not edit).

A lower-case word after a relation or a title that is not here is taken for a name: "my sister aoife".
"""

from __future__ import annotations

COMMON_WORDS = frozenset("""
abbreviated able abortion about abruptly absence absences absent absolutely abstract abuse abused
accept accepted accident account accurate accused accusing aches acid acknowledge acknowledged
across acting action actions activity actual actually add added addict addicted addressing adequate
admin admit admitted adult adults advice affect affecting afford afraid after afternoon afternoons
afterwards again against age agenda ages ago agree agreed agreement agrees ahead aim aimed ain''
ain''t ain't aint alarm alcohol alcoholic all allowed almost alone along alongside aloud already
alright also alternate alternative alternatives always am amlodipine amount amygdala an analysed and
anger angry animated ankle ankles anniversary annoyed annoying another answer answered answering
answers antibiotics anxiety anxious any anymore anyone anyone's anyones anything anyway anywhere
apart apologise apologised apologising apology app appeal applications applied apply applying
appointment appointments appreciate apprenticeship approach apps appt are aren't arent argue
argument arguments arm's arms around arrangements arrival arrived as ashamed aside ask asked asking
asks assault assessment assignments assume assumed assumes asthma at ate attachment attack attacked
attacks attempted attendance attended attending attention august aunt authority automatic autopilot
autumn available avoid avoidance avoidant avoiding awake aware away awful awkward ay b' baby baby's
back background bad badly bag bagreed balanced bank bare barely basically bcan bcut bdo bdon''t be
beat beats became because become becomes bed bedroom bedtime been beer beers before began begin
behaviour behavioural behind being belief believe believed believes bend benefit benzodiazepines
bereaved best best' betrayal better betting between bhow big bigger biggest bill billing bin bins
birp birth birthday biscuit biscuits bit bit''s bits bjust black blame blamed blank bleeding blet
blet''s block blood bloods bloody blow blown blue bmy bno bnot bnothing board body bolus boluses
book booked bored boring boss bot both bother bothered bothering bottle bottom bowls box boxes boy
boyfriend boys brain break breakfast breaks breakup breast breath breathe breathing bridge bridges
brief briefly bright brilliant bring bringing brings broke broken brother brother's brought brown
brushed bsaid bthat bthat''s bthe btherapist btw budget build builders building built bullets bunch
bursary bus business busy but bwe bwhat bwhat''s bwhere bwho bwhy bworked bwould by bye byou
calendar call called calling calls calm calmed calmer calms calories came camera can can''t can't
cancell cancellation cancellations cancelled cancelling cancer candid cannabis cannot cans cant
canteen caption car car's carbon card cards care cared caring carried carries carry carrying case
cat catch catching caught cause caused causes cave cbt ceiling centre chair challenge challenged
chance change changed changes changing charge charged charging chase chat chats chatting check
check-in checked checking cheerful cheese chemist chest child childcare childhood childish children
choice choose chooses choosing chose chosen christening chuckles church cigarette cigarettes circle
circles circling cl clarify class clean clear clearer clearly clever client client's clients clinic
clinic''s clipped clock close closed closer club clue clumsily co-codamol coaching coat cocaine
codeine codes coffee coffin cohort coin coins cold collaborative colleague colleagues collection
college colouring column columns combination come comes comfortable coming comment commented
comments commit commitment common community company compared complain complained complaint complete
completed completely complicated computer concern concerns condition condoms confidential
confidentiality confrontation connect connected connection consent consequences consider consult
consultant consultation contact content continue contract contributions control conversation
conversations convinced cook cooking cool coping core corner correct corrected cos cost cotton-wool
could couldn't couldnt council counsell counselling counsellor count counting couple couples course
court court's cousin cover cracked crap crash craving cravings crazy credit crete cried criminal
cringe crisps criteria criticised criticising criticism criticized cross crossed cry crying cup
curious current cushion cut cutting cutting-down dad dad's daft daily damage damaging damn danger
dangerous dap darts date daughter daughter's daughters day days dead deadlines deal dear death
debate decide decided deciding decision decisions decline declined defend defendant defensive
defensiveness deference definitely degree delayed deleted demanded demanding dementia denial dentist
dependent depression describe described describing description deserve designed desk detail detailed
details detention detox diabetes diagnosis diary diazepam did didn'' didn''t didn't didnt die died
diet difference different differently difficult dig digging digital dinner direct directive directly
director disagree disagreed disagreement disappear disappointed disappointed' disappointment
disconnected discord discuss discussed discussions disease disgusting dismiss dispute distance
distant distress divorce dizziness dno do doable doc doctor doctors documented does doesn'' doesn''t
doesn't doesnt dog doing don'' don''t don't done dont door dose doses double doubles doubted down
download drag drama-school dramatic drank drawing drawn dreaded dreading dreads drew drifted
drifting drink drinking drinks drive driver drives driving drop dropped dropping drops drowsy drug
drunk dry dumb dunno during dying each earlier early easier easiest easy eat eating echoes economy
ed edge education effective effects eight eighty either eleven else else's elsewhere email
embarrassed embarrassing emotion emphysema employer empty end ended ending ends energy engaged
engagement enjoy enjoying enlarged enough enough' epilepsy es especially essay even evening evenings
eventually ever every everyone everyone's everyones everything evidence evident evolution ex exactly
exam example examples exams exchange exclusion excuse excuses exercise exercises exhausting
exhaustion expect expectation expected expecting expects experience experiences experiment expert
explain explained explaining explanation exploratory explore exploring exposure extension eye eyes
face face-down faces fact facts factual fail failed failing failure fair fairly fake fall falling
false familiar families family far fast faster father father's fault fav faze fear fed fee feedback
feel feeling feeling-probe feeling-question feelings feels fees feet fell fellow felt festival few
field fifteen fifty fight figure file fill filled filling fills film finally finance find finding
finds fine fine' fined finish finished finishes firmly firms first fit fits fitting five fix fixing
flash flat flatmate flatness floor flustered fobbed focus folded follow followed food foot football
for forever forget forgot forgotten form formal format forms forthcoming fortnight fortnightly forty
forty-five forward found four fourteen fourteenth fourth frame frankly free freely freeze friction
friday fridays fridge friend friends frightened frightening from front froze' frozen frustrated
frustrating frustration full fully fun funeral funny furious further fussed future gambling gaming
ganged gap gaps garage garden gate gave general generalities generally generation generational
gentler gently genuinely get gets getting giggles giggling girl girls give given gives giving glad
glancing glass glasses glazing go goal goals god goes going gone gonna good good-session got gotta
gp graded graduation grand grandchildren grandmother grateful great grid grief grimacing gripped
ground group growing grown gtg guess guessing guidance guideline guidelines guilt guilty gum gutting
guy guys gym ha habit had hadn't hadnt half halfway haltingly hand handed handing handle handled
hands hang hanging happen happened happening happens happy hard harder hardest hardly harm harmful
harming has hasn't hasnt hate hates have haven'' haven't havent having he he'd he's head headache
headphones health healthy hear heard hearing heart heartburn heat heavy held hello help helped
helpful helping helpless helps her here here's hers herself hes hi hiding hierarchy high higher
highs hilarious hills him him' himself his history hit hits hm hold holding holds holiday holidays
home homework honest honestly hood hook hoped hopeless hoping horrible hospital hot hour hours house
how hows huffy' human humiliated humiliating humour hundred hurry hurt hurting hurts husband hw
hyperventilating hypothesis i'' i'm id idea idea' ideal identified idiot idk ies if ignore ill
illness im imagine imagined immediate immediately impersonal importance important impression
improving in in-laws in-person including incongruent increase individual indoors industry infection
information ing inhalator inhaler injection injury insane inside instead insulin intake intellectual
intellectualising interested interesting intermediate interpret interrupt interrupted intervention
interview interviews into invented invite invited inviting invoice irresponsible irritated
irritation is isn'' isn''t isn't isnt issue it it' it'' it''s it'd it's item its itself ive jamal
january jaw jealous job jobs jobsworth joined joint joke joked jokes joking journal judge judged
judgement judging jump jumped june junkie just justify keen keep keeping keeps kept kettle kg kicked
kid kidding kids kill killing kills kilos kind kinda kitchen knackered knee knees knew know know'
knowing known knows label lack lad lads lady laid land landed landing landlord lands lap lapse last
late lately later laugh laughed laughing laughs laughter law lazy lead leader leader's leaflet
learns least leave leaves leaving lecture lecturing led left leg legal legs length less lesson let
let's lets letter letting level levels liar licence lid lie life lift light lighter like liked
likely likes limit limits line link linked list listed listen listened listener listening listens
literally literature lithium little live lived liver living ll load loads loan locked log logged lol
lonely long longer longer-term look looked looking looks loop loosen lopsided lose losing loss lost
lot lots loud loudest loudly love loved lovely low lower lozenge luck lucky lump lunch lungs ly
lying machine mad made main mainly make makes making man manage managed management manager managing
manner many map march mark marker markers marriage massive match mate material mates maths matter
mattered matters may maybe me me' me''' mean means meant meantime measure medical medication
medications medicine meds meet meeting meh meme memory men mention mentioned mess message messages
met metacommunication meter methadone method mg mi mick mickey mid-sentence middle might miles
million min mind minding mine mini minute minutes mirror miscarriage misfiring miss missed missing
missus mistake mix mixed mm mobile mock mocks modality model module mom moment moments monday money
monotone monoxide monster month month's monthly months mood moods more morning mornings most mostly
mother mother's motions mouse mouth move moved moves moving mr much much' mum mum's muscle must
muted my myself n''t nagging nah name named names nan narrative natural nature naughty near nearly
neat need needed needing needs needy negative negotiable neighbour neither nervous netball never new
news next nice nicotine night nightmare nightmares nights nine ninety no nobody nod nodded nodding
none nope normal normal' normalised not note notebook notes nothing notice noticeably noticed
noticing notification noting now nowhere null number numbers numbness nurse nvm o'clock o's objected
observation obviously occasions oddly of off offence offer offered offers office often oh ok okay
old on once once' one one's ones only open open-question opened opening openly operation' option
optional options or order other others otherwise ought our out outcome outrageous outside over
over-explaining overall overdose own pace pack packets paid pain painful painkillers pair's pairs
panic panicking paper parent parents park parking parrot part participant particular particularly
partly partner partners party pass passed passive past patch patches pathetic patient patients
patronising pattern patterns pause paused pauses pay paying pen pens people per percent perfect
perfectly perhaps permission person person-centred personal perspective phenomenon phone phones
phrasings physio pick pick-up picked picking piece pills pinch pints place places plain plain-text
plainly plan planned planning plans plateaued play plays pleasant please pleased plenty plus podcast
point pointed pointless points police policy polite poor poor-session portions pose position
positive possible possibly post-dinner postman pound pounds pour power practical practice practise
practised predict prediction prefer prepare prescribe prescriber prescribing prescription present
presentation press pressed pressing pressure pressured pretend pretending pretty preventer previous
primary privacy private probably probation problem problems process processed produce professional
program programme progress project promise promised promotion prompting proper properly proportion
proposed prose protests protocol proud prove psychodynamic pt pub puffy pull pulled purpose push
pushed pushing put puts putting q's qs qualified quarter quarterly question questionnaire
questionnaires questions quick quicker quickly quid quiet quieter quietly quit quite quitting quiz
quote quoted quoting raise raised raises raising rambling ran rang rate rather rationale rationing
re re-explain reach reached reaching reaction read reading readings reads ready real realise
realised realising realistic really really' rearranged reason reasonable reasons reassuring rebuilt
recheck reckon recognising recommend recommended record recorded recordings records red reduced
refer referral referred refill reflected reflection reflex reframe refusal refused regex register
registers rehearse relapse relationship relationships relaxed relief relieved reluctant rely
remember remembered remembering reminded reminds renovation rent rep repair repairs repeat repeated
repeatedly repeating replacement replies reply report reported reports reproach reps request
research resist resolved respect responded response responsibility rest restart restated restriction
restructure results return review reviewed revise revisit reward rid ride ridiculous right righting
rigid ring rinse risk risking risks risky ritual road roadworks robot role role-play role-plays
roles rolled room rota rough roughly round routine row rubbish ruby ruin ruining rule rules run
running runs rupture ruptures rush rushed s'' s'pose sacked sad safe safer safety said salt same
sanction sarcasm sarcastic sat satisfied saturday save saw say saying says scale scales scaling scan
scared scary schedule schedules scheduling school schoolbooks schoolgirl science score scream
screamed screen screw script search seat sec second seconds section see seeing seem seemed seems
seen sees seizure self-harm sell seminar seminars send sense sensible sensitive sent sentence
sentences september serious seriously sertraline service service's session sessions set sets setting
settle settled seven seventeen seventy several sexual shake shakes shaking shall share shared shares
she she'd she'll she's shed sheet sheets shes shift shifted shifts shoes shook shop short shorter
shots should shoulder shouldnt show showed shower shows shrugged shrugs shut shuts sick side sides
sighs sign signal signed significance signs silence silences silent silly similar simple simply
since single sister sister's sisters sit sits sitting situation six sixteen sixty sixty-one size
skill skills skip skipped skipping sleep sleeping sleepy sliding slightly slimming slip slipped slot
slow slowly small smaller smart smile smiled smiley smiling smoke smoked smokes smoking snapped so
soap sober social society sofa softened some somebody someone something sometimes somewhat somewhere
son son's soon sooner sore soreness sorry sort sorted sound sounded sounds space spacer spaces spare
speak speaker speaker-listener speaking specialist specific specifically speech speed spend spent
spinal spoke spoken sponsor spot spotted spray spring squats squeezed stable staff stage stages
stairs stand standing stands staring start started starting starts state statin station statistics
status stay stayed staying stays steady steering step steps stick stiff still sting stitches stomach
stone stood stop stopped stopping stops story straight strain strange strangers strategies strategy
street stress stressed stressful stretch stroke strong structure structured struggles struggling
stuck student students studies study stuff stuff' stung stupid style subject subsidising such sugar
sugars suggest suggested suggestion suggests suit suits summarised summary summat summer sunday
superior supermarket supervision supervisor support supportive suppose supposed sure surfaces
surgery surprised sustain swap swapped sweet swelling swiftly swimming swing switch switched
switching symptom symptoms system sz table tablet tablets take takeaway takeaways taken takes taking
talk talked talking talks taper targets task tasks taxi tbh tea teach teacher teachers teaches
teaching team team-meeting teared tearful tears technical technique teen teeth telehealth tell
telling tells telly tempted ten tend tends tense tension tentatively term terms terrible terrified
terse tesco test tested tests text textbook texting than thank thanked thanks that that' that''
that''s that's thats the their them them' themselves then theorising theory therapist therapist's
therapy there there's theres these they they'll they're they've theyll theyre thin thing things
think think' think's thinking thinks third thirds thirty this those though thought thoughts thousand
thread threat three throat through throughout thursday thursdays thyroid ticked ticking tied tight
tighten till time time's timed times timetable timing ting tiny tips tired tissue to to' today
today's todo together toilet toilets told tolerance tomorrow tone tonight too took tool top topic
total totally touch touching tournament toward towards towel town track track' tracking traffic
train trained training trains transactional transcript treat treatment trial triangle tried trigger
triggers trolley trouble true trust truthfully try trying tuesday tumour turkey turn turned turning
turns tutor twelve twenty twice twirl two type typed typical typing uh ultimatum ultimatums um
unable unacceptable unaddressed uncle uncomfortable under underneath understand understandable
understanding understood uneasy unfair uni units universal unless unlikely unreasonable until unwind
up updated upright upset upsetting ur urge urgent us use used useful useless useless' using usual
usually vague validate value values vape vaping ve vending verbally version very via video view
visibly visit visits vocabulary voice vs wait waited waiting waive wake waking walk walk-in walked
walking wall wall-walking wanna want wanted wanting wants ward warehouse warm warmer warned warning
wary was was' washing wasn''t wasn't wasnt waste wasted wasting watch watches watching water waved
way ways we we'd we'll we're we've weak weather wed wedding wednesday weed week week's weekend
weekends weekly weeks weigh weighed weight weird welcome well went were weren't weve what what's
whatever whatever' whats wheel when whenever where wherever whether which while whisky who who'll
who's whole whose why wife wife's wifi will willing win window wine winter wiring wish with
withdrawal within without wk wk's wknd wks woke woman woman's women won'' won''t won't wonder
wondered wonderful wondering wonders wont word wording words work worked working works works'
worksheet worksheets workshop world worried worries worry worrying worse worst worth would wouldn''t
wouldn't wouldnt wound wrap wrapping wrecked wrecking write writing written wrong wrote ya yea yeah
year years yep yes yesterday yet you you' you'' you''re you'd you'll you're you've youd youll young
younger your youre yours yourself youve zero zombie
""".split())

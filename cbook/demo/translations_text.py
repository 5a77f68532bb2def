# ruff: noqa: RUF001 - Urdu prose: its full stop and digits are not look-alikes here
"""The demo's translations: a start on Urdu and Polish versions of the book.

Each translated section lists its text block by block, in the order the source section's
blocks come (paragraphs and headings, inside lists, quotes and callouts too; a callout's
title takes its place just before the callout's first paragraph), written in the same
inline Markdown as the book itself (see :mod:`cbook.demo.prose`). The loader
(:mod:`cbook.demo.translations`) writes each over its source's copy, so every block keeps
the source block's id, tags and kind. Sections not listed here stay "needs translation".

``by`` names the translator who wrote a section (by email); they are named translators of
the translation, in person or through a trio listed in ``trios``.
"""

from typing import Final, TypedDict


class SectionText(TypedDict):
    """One translated section: its title, who translated it, its blocks in order."""

    title: str
    by: str
    blocks: list[str]


class ChapterText(TypedDict):
    """A chapter's title and summary, translated."""

    title: str
    summary: str


class TranslationText(TypedDict):
    """One translation of the demo book: chapters and sections by their source's slug."""

    language: str
    subtitle: str
    description: str
    translators: list[str]
    trios: list[str]
    chapters: dict[str, ChapterText]
    sections: dict[str, SectionText]


URDU_TRANSLATOR: Final = "farah.iqbal@example.org"
POLISH_TRANSLATOR: Final = "zofia.kowalska@example.org"

URDU: Final[TranslationText] = {
    "language": "ur",
    "subtitle": "گریٹر مانچسٹر میں نظام بدلنے والی قیادت کے لیے ایک کلچر بک",
    "description": (
        "ایک زندہ کتاب جسے گریٹر مانچسٹر بھر میں سرکاری خدمات، رضاکار اور کمیونٹی شعبے اور "
        "کمیونٹیوں کے رہنماؤں کی تکڑیوں نے مل کر لکھا ہے۔ یہ ایک مشترکہ تصور اور پانچ اصول "
        "پیش کرتی ہے، ان رکاوٹوں کی نشان دہی کرتی ہے جو اکثر تبدیلی کو روکتی ہیں، اور انہیں "
        "معاون عوامل سے بدلنے کے لیے عملی طریقے اور کہانیاں پیش کرتی ہے۔"
    ),
    "translators": [URDU_TRANSLATOR],
    "trios": ["neighbourhood-power"],
    "chapters": {
        "vision": {
            "title": "وژن: کلچر بک کیوں",
            "summary": (
                "گریٹر مانچسٹر بھر کے رہنما یہ کتاب کیوں لکھ رہے ہیں، ہم کون سی تبدیلی دیکھنا "
                "چاہتے ہیں، اور اس کتاب میں اپنا راستہ کیسے تلاش کریں۔"
            ),
        },
        "our-principles": {
            "title": "ہمارے اصول",
            "summary": (
                "وہ پانچ عہد جو اس کام کی بنیاد ہیں، اور دباؤ کے وقت ان پر قائم رہنے کے لیے "
                "کیا درکار ہے۔"
            ),
        },
    },
    "sections": {
        "why-a-culture-book": {
            "title": "کلچر بک کیوں",
            "by": URDU_TRANSLATOR,
            "blocks": [
                "گریٹر مانچسٹر میں رہنماؤں کی کمی نہیں۔ یہاں کونسلوں، صحت کی خدمات، خیراتی "
                "اداروں، مذہبی گروہوں، کرایہ داروں کی انجمنوں اور گلی محلے کے نیٹ ورکس میں ایسے "
                "بہت سے لوگ ہیں جو چاہتے ہیں کہ ان کے اردگرد کے لوگوں کی زندگی زیادہ منصفانہ ہو۔ "
                "انہیں جو چیز روکتی ہے وہ شاذ و نادر ہی مہارت یا ارادے کی کمی ہوتی ہے۔ اکثر یہ "
                "*ان کے اردگرد کا نظام* ہوتا ہے: وہ اجلاس جو کوئی فیصلہ نہیں کر پاتا، بجٹ کی وہ "
                "مد جس میں کوئی لچک نہیں، وہ فارم جو غلط سوال پوچھتا ہے۔",
                "یہ کتاب اس لیے وجود میں آئی کہ ہم بار بار مختلف سمتوں سے انہی دیواروں سے "
                "ٹکراتے رہے۔ ہاؤسنگ کا ایک افسر، ایک یوتھ ورکر اور محلے کا ایک منتظم ایک ہی "
                "رکاوٹ کو تین مختلف زبانوں میں بیان کر سکتے ہیں، اور ہر ایک یہی سمجھتا ہے کہ یہ "
                "صرف اسی کا مسئلہ ہے۔ مل کر لکھنے سے ذاتی جھنجھلاہٹ مشترکہ علم میں بدل جاتی ہے، "
                "اور مشترکہ علم ہی سے اجتماعی عمل کا آغاز ہوتا ہے۔",
                "ثقافت کے بارے میں ایک کتاب، کوئی ہدایت نامہ نہیں",
                "ہم اسے *کلچر بک* اس لیے کہتے ہیں کہ جن رکاوٹوں کی ہمیں فکر ہے وہ جتنی باضابطہ "
                "ڈھانچوں میں بستی ہیں اتنی ہی عادتوں، توقعات اور اَن کہے اصولوں میں بھی۔ کسی نے "
                "یہ اصول نہیں لکھا کہ ایجنڈے پر کمیونٹی کی آوازیں سب سے آخر میں آئیں گی، پھر بھی "
                "اکثر ایسا ہی ہوتا ہے۔ اسے بدلنے کے لیے نئی پالیسی کافی نہیں۔ اس کے لیے ایسے "
                "رہنما چاہییں جو روزمرہ کے ان طریقوں کو دیکھیں، ان کا نام لیں اور انہیں نئے سرے "
                "سے ترتیب دیں جو طے کرتے ہیں کہ طاقت کیسے حرکت کرتی ہے۔",
                "یہ کتاب:",
                "**مل جل کر لکھی گئی ہے**، سرکاری خدمات، رضاکار اور کمیونٹی شعبے اور خود "
                "کمیونٹیوں کے رہنماؤں کی تکڑیوں کے ہاتھوں۔",
                "**عملی ہے**، اس میں ایسے طریقے ہیں جو آپ اگلے ہفتے آزما سکیں، نہ کہ ایسا نظریہ "
                "جسے آپ سراہیں اور پھر طاق پر رکھ دیں۔",
                "**زندہ ہے**: حصے مسودے سے جائزے اور پھر اشاعت تک پہنچتے ہیں، اور جیسے جیسے ہم "
                "سیکھیں گے یہ بدلتے رہیں گے۔",
                "ہمیں ایک اور حکمتِ عملی کی ضرورت نہیں تھی۔ ہمیں ایسی جگہ چاہیے تھی جہاں ہم "
                "ایمان داری سے لکھ سکیں کہ اصل میں راستے میں کیا آتا ہے، اور ہم نے اس کا کیا "
                "کیا۔",
                "— تکڑی کی سربراہ، پہلا دور (کئی آوازوں سے بنی ایک آواز)",
                "اس کتاب کے پیچھے پروگرام، *Pushing What Moves*، کی قیادت [گریٹر مانچسٹر "
                "کمبائنڈ اتھارٹی](https://www.greatermanchester-ca.gov.uk/) [انوویشن "
                "یونٹ](https://www.innovationunit.org/) کے ساتھ مل کر کرتی ہے۔ یہاں لکھے الفاظ "
                "ان رہنماؤں کے ہیں جنہوں نے انہیں لکھا۔",
            ],
        },
        "the-change-we-want": {
            "title": "ہم کون سی تبدیلی دیکھنا چاہتے ہیں",
            "by": "rashida.begum@example.org",
            "blocks": [
                "ہمارا عزم کہنے میں آسان اور کرنے میں مشکل ہے۔ ہم چاہتے ہیں کہ گریٹر مانچسٹر "
                "کے نظام اچھی قیادت کو مشکل کے بجائے آسان بنائیں، تاکہ عدم مساوات کم ہو اور "
                "لوگوں کی زندگیاں ایسے انداز میں بہتر ہوں جنہیں وہ خود پہچان سکیں۔",
                "رکاوٹوں سے معاون عوامل تک",
                "اس کتاب کی ہر رکاوٹ کا ایک عکس بھی ہے۔ وہ حکمرانی جو موجودہ صورتِ حال کی "
                "حفاظت کرتی ہے، طاقت بانٹنے والی حکمرانی بن سکتی ہے۔ وہ جواب دہی جو کسی ادارے "
                "کی دہلیز پر رک جاتی ہے، اس بات کی جواب دہی بن سکتی ہے کہ کسی انسان کی زندگی "
                "میں کیا ہوتا ہے۔ معمول کے کاموں سے بھرے کیلنڈروں میں توازن لا کر کچھ نیا آزمانے "
                "کا وقت محفوظ کیا جا سکتا ہے۔ ہم ان تبدیلیوں کو **رکاوٹوں** سے **معاون عوامل** "
                "کی طرف سفر کہتے ہیں، اور ہر ایک کو ایسا کام سمجھتے ہیں جس پر رہنما واقعی محنت "
                "کر سکتے ہیں۔",
                "کامیابی کیسی دکھائی دیتی ہے",
                "جلد",
                "تجربہ کار اور ابھرتے ہوئے رہنماؤں کا ایک بڑھتا ہوا نیٹ ورک، جو ایک دوسرے پر "
                "اتنا بھروسا کرتے ہیں کہ کھل کر بتا سکیں کہ اصل میں کیا ہو رہا ہے۔",
                "یہ اعتماد کہ کسی رکاوٹ کا کھل کر نام لیا جا سکتا ہے اور اسے مل کر ہٹایا جا "
                "سکتا ہے، اور اس کی مشترکہ سمجھ کہ یہ کیسے کیا جائے۔",
                "ہر تکڑی کے چنے ہوئے اصل کام میں ابتدائی اور نظر آنے والی پیش رفت۔",
                "چند برسوں میں",
                "نئی عادتیں اور ڈھانچے جو باہمی تعاون کو سب سے آسان راستہ بنا دیں۔",
                "زیادہ توانائی اور اعتماد والے رہنما، جن کے پاس اداروں کی حدوں کے پار قیادت "
                "کرنے کی مہارت ہو۔",
                "کمیونٹیاں جو فیصلوں کے بعد مشورے کے لیے بلائے جانے کے بجائے خود فیصلوں کی "
                "تشکیل کریں۔",
                "طویل مدت میں",
                "نظام کی سطح پر قیادت کرنے والوں کی ایک وسیع تر، زیادہ متنوع اور زیادہ پھیلی "
                "ہوئی برادری، جو ایسے طریقوں سے کام کرے جو کسی ایک پروگرام سے زیادہ دیر قائم "
                "رہیں، اور لوگوں کی زندگیوں میں ایسی تبدیلیاں آئیں جو دیکھی اور گنی جا سکیں۔",
                "ان میں سے کچھ بھی محض اس لیے نہیں ہوتا کہ کسی دستاویز میں لکھا ہے۔ یہ تب ہوتا "
                "ہے جب رہنما اپنے عہدے، رسمی ہوں یا غیر رسمی، استعمال کر کے ایک وقت میں ایک "
                "اجلاس، ایک تعلق یا ایک اصول بدلتے ہیں، اور پھر دوسروں کو بتاتے ہیں کہ انہوں نے "
                "کیا سیکھا۔",
            ],
        },
        "principles-at-a-glance": {
            "title": "پانچ اصول ایک نظر میں",
            "by": URDU_TRANSLATOR,
            "blocks": [
                "پانچ اصول اس کام کو جوڑے رکھتے ہیں۔ یہ دیوار پر فریم کر کے لٹکانے والی اقدار "
                "نہیں؛ یہ ایسے عہد ہیں جن سے ہم فیصلوں کو پرکھتے ہیں، تجربات ترتیب دیتے ہیں اور "
                "ایک دوسرے کو جواب دہ ٹھہراتے ہیں۔ ہر اصول کا اپنا صفحہ ہے جس پر کتاب کا ہر وہ "
                "حصہ درج ہے جو اس سے متعلق ہے۔",
                "۱۔ مشترکہ مقصد",
                "**ہم ایک مشترکہ مقصد اور تبدیلی کے ایک جرأت مندانہ، مشترکہ تصور سے جڑے ہیں۔** "
                "جب مختلف اداروں کے رہنما اس پر متفق ہو جاتے ہیں کہ آخرکار وہ کس لیے ہیں، تو "
                "اپنے اپنے دائرے کی اہمیت کم ہو جاتی ہے اور بھروسا تیزی سے بڑھتا ہے۔",
                "۲۔ اصل کام، اصل چیلنج",
                "**ہمیں ہمارے سامنے موجود اصل کام آگے بڑھاتا ہے۔** تجربات کسی فرضی کیس اسٹڈی "
                "سے نہیں بلکہ ایک جیتے جاگتے مسئلے سے شروع ہوتے ہیں جس کا کوئی ذمہ دار ہو، تاکہ "
                "سیکھنے کا فائدہ وہیں پہنچے جہاں اس کی ضرورت ہے۔",
                "۳۔ قیادت کا انسانی پہلو",
                "**ہم قیادت کے انسانی تجربے کو سنجیدگی سے لیتے ہیں**، اس کی الجھنوں اور "
                "دوسروں پر اس کے اثر سمیت۔ خوف، تھکن اور امید فیصلوں پر اتنا ہی اثر ڈالتے ہیں "
                "جتنا شواہد، اور اس سے انکار رہنماؤں کو کمزور بنا دیتا ہے۔",
                "۴۔ نئی ثقافتیں اور نئے ڈھانچے",
                "**ہم نئی ثقافتیں اور ڈھانچے بنانے کے مواقع تلاش کرتے ہیں** جو گریٹر مانچسٹر "
                "میں پہلے سے موجود قیادت کی صلاحیت کو سامنے لائیں، خاص طور پر ان لوگوں میں "
                "جنہیں شاذ و نادر ہی قیادت کے لیے کہا گیا ہو۔",
                "۵۔ بہتر نتائج، جن کی پیمائش ہو",
                "**ہم اپنی قیادت کو عوام کے لیے بہتر نتائج سے جوڑتے ہیں** اور اپنے پیدا کیے "
                "ہوئے فرق کو جانچنے اور ناپنے کی دیانت دارانہ کوششوں کا ساتھ دیتے ہیں۔",
                "اگر کسی اصول کی آپ کو کبھی کوئی قیمت نہیں چکانی پڑتی، تو وہ شاید محض ایک پسند "
                "ہے۔",
                "— ایک کوچنگ گفتگو سے، اجازت کے ساتھ (کئی آوازوں سے بنی ایک آواز)",
            ],
        },
    },
}

POLISH: Final[TranslationText] = {
    "language": "pl",
    "subtitle": "Księga Kultury przywództwa zmieniającego systemy w Wielkim Manchesterze",
    "description": (
        "Żywa książka pisana wspólnie przez tria liderów ze służb publicznych, sektora "
        "pozarządowego i społecznego oraz społeczności z całego Wielkiego Manchesteru. "
        "Przedstawia wspólną wizję i pięć zasad, nazywa bariery, które najczęściej hamują "
        "zmianę, i proponuje praktyczne narzędzia oraz opowieści o tym, jak zastąpić je "
        "czynnikami sprzyjającymi."
    ),
    "translators": [POLISH_TRANSLATOR],
    "trios": [],
    "chapters": {
        "vision": {
            "title": "Wizja: po co Księga Kultury",
            "summary": (
                "Dlaczego liderzy z całego Wielkiego Manchesteru piszą tę książkę, jakiej "
                "zmiany chcemy i jak się w niej odnaleźć."
            ),
        },
        "our-principles": {
            "title": "Nasze zasady",
            "summary": (
                "Pięć zobowiązań, na których opiera się ta praca, i to, czego trzeba, by "
                "trzymać się ich pod presją."
            ),
        },
    },
    "sections": {
        "why-a-culture-book": {
            "title": "Po co nam Księga Kultury",
            "by": POLISH_TRANSLATOR,
            "blocks": [
                "Wielkiemu Manchesterowi nie brakuje liderów. Pełno tu ludzi w samorządach, "
                "służbie zdrowia, organizacjach charytatywnych, wspólnotach wyznaniowych, "
                "stowarzyszeniach lokatorów i sąsiedzkich sieciach, którzy chcą, by życie "
                "otaczających ich ludzi było sprawiedliwsze. Rzadko powstrzymuje ich brak "
                "umiejętności czy woli. Częściej jest to *system wokół nich*: zebranie, na "
                "którym nie da się podjąć decyzji, pozycja w budżecie, której nie można ruszyć, "
                "formularz, który zadaje niewłaściwe pytanie.",
                "Ta książka powstała, bo z różnych stron wciąż natrafialiśmy na te same mury. "
                "Urzędnik do spraw mieszkaniowych, pracownik młodzieżowy i organizatorka "
                "społeczności lokalnej potrafią opisać tę samą barierę trzema różnymi językami, "
                "a każde z nich zakłada, że to wyłącznie jego problem. Wspólne spisywanie "
                "doświadczeń zamienia prywatną frustrację we wspólną wiedzę, a od wspólnej "
                "wiedzy zaczyna się wspólne działanie.",
                "Książka o kulturze, a nie podręcznik",
                "Nazywamy ją *Księgą Kultury*, ponieważ bariery, na których nam zależy, tkwią w "
                "nawykach, oczekiwaniach i niepisanych zasadach w tym samym stopniu co w "
                "formalnych strukturach. Nikt nie spisał reguły, że głos społeczności trafia na "
                "sam koniec porządku obrad, a jednak często tak się dzieje. Zmiana tego wymaga "
                "czegoś więcej niż nowej polityki. Potrzeba liderów, którzy dostrzegają, "
                "nazywają i przeprojektowują codzienne wzorce decydujące o tym, jak przepływa "
                "władza.",
                "Ta książka jest:",
                "**Pisana wspólnie** przez tria liderów ze służb publicznych, sektora "
                "pozarządowego i społecznego oraz z samych społeczności.",
                "**Praktyczna**: zawiera narzędzia, których możesz użyć w przyszłym tygodniu, a "
                "nie teorię, którą się podziwia, a potem odkłada na półkę.",
                "**Żywa**: sekcje przechodzą od szkicu przez recenzję do publikacji i będą się "
                "zmieniać, w miarę jak będziemy się uczyć.",
                "Nie potrzebowaliśmy kolejnej strategii. Potrzebowaliśmy miejsca, w którym "
                "można uczciwie zapisać, co naprawdę stoi na przeszkodzie i co z tym "
                "zrobiliśmy.",
                "— osoba prowadząca trio, pierwsza edycja (głos zbiorczy)",
                "Program, z którego wyrosła ta książka, *Pushing What Moves*, prowadzi "
                "[Greater Manchester Combined Authority](https://www.greatermanchester-ca.gov.uk/) "
                "we współpracy z [Innovation Unit](https://www.innovationunit.org/). Słowa "
                "zapisane tutaj należą do liderów, którzy je napisali.",
            ],
        },
        "how-to-use-this-book": {
            "title": "Jak korzystać z tej książki",
            "by": POLISH_TRANSLATOR,
            "blocks": [
                "Nie musisz czytać tej książki od deski do deski. Jest pomyślana tak, by sięgać "
                "do niej, gdy utkniesz, szykujesz się do trudnego spotkania albo zaczynasz coś "
                "nowego z ludźmi, których dopiero poznajesz.",
                "Jak się tu odnaleźć",
                "**Wizja** wyjaśnia, po co istnieje ta książka i co mamy nadzieję zmienić.",
                "**Nasze zasady** opisują pięć zobowiązań, które spajają tę pracę.",
                "**Bariery i czynniki sprzyjające** nazywają wzorce, które najczęściej hamują "
                "postęp, oraz to, co może je zastąpić.",
                "**Eksperymenty w realnym świecie** pokazują, jakich zmian próbowały tria.",
                "**Narzędzia i wskazówki** podsuwają praktyczne metody, które możesz "
                "zastosować samodzielnie.",
                "**Opowieści o przywództwie** to złożone z wielu doświadczeń relacje o tym, "
                "jak ta praca wygląda od środka.",
                "Czytanie według roli",
                "Fragmenty są oznaczone według tego, komu najbardziej się przydadzą. Podczas "
                "lektury zwracaj uwagę na etykiety odbiorców:",
                "**Osoby prowadzące tria** znajdą tu pytania do coachingu, wskazówki dla "
                "prowadzących spotkania i sposoby na podtrzymanie tempa między spotkaniami.",
                "**Członkowie zarządów** znajdą pytania, które warto zadać własnym strukturom "
                "zarządczym, i pomysły na inne prowadzenie posiedzeń.",
                "**Liderzy społeczności** znajdą sposoby, by wywalczyć sobie miejsce przy "
                "podejmowaniu decyzji i rozliczać instytucje.",
                "**Mieszkańcy** mogą zobaczyć, do czego zobowiązali się liderzy, i ocenić, czy "
                "dotrzymują słowa.",
                "Szybki początek",
                "Wybierz jedną barierę, która dała o sobie znać w tym tygodniu. Znajdź jej "
                "najbliższy odpowiednik w rozdziale *Bariery i czynniki sprzyjające*, a potem "
                "przejdź z jedną osobą z zespołu przez [kanwę „od bariery do czynnika "
                "sprzyjającego”](resource:canvas). Trzydzieści minut wystarczy, żeby zacząć.",
                "Każda sekcja pokazuje swój status. Sekcje *opublikowane* przeszły recenzję "
                "redaktora; sekcje *w recenzji* lub w *szkicu* to praca w toku, udostępniana "
                "otwarcie, bo uczenie się na oczach innych jest częścią tego przedsięwzięcia.",
            ],
        },
        "principles-at-a-glance": {
            "title": "Pięć zasad w skrócie",
            "by": POLISH_TRANSLATOR,
            "blocks": [
                "Tę pracę spaja pięć zasad. Nie są to wartości do oprawienia w ramkę i "
                "powieszenia na ścianie; to zobowiązania, którymi sprawdzamy decyzje, "
                "projektujemy eksperymenty i rozliczamy się nawzajem. Każda z nich ma własną "
                "stronę z listą wszystkich fragmentów książki, które jej dotyczą.",
                "1. Wspólny cel",
                "**Łączy nas wspólny cel i odważna, wspólna wizja zmiany.** Kiedy liderzy z "
                "różnych organizacji zgadzają się co do tego, czemu ostatecznie służą, "
                "partykularne interesy tracą na znaczeniu, a zaufanie rośnie szybciej.",
                "2. Prawdziwa praca, prawdziwe wyzwania",
                "**Napędza nas prawdziwa praca, która jest przed nami.** Eksperymenty zaczynają "
                "się od żywego problemu, za który ktoś odpowiada, a nie od hipotetycznego "
                "studium przypadku, dzięki czemu wiedza trafia tam, gdzie jest potrzebna.",
                "3. Ludzka strona przywództwa",
                "**Poważnie traktujemy ludzkie doświadczenie przywództwa**, łącznie z jego "
                "bałaganem i wpływem na innych. Strach, zmęczenie i nadzieja kształtują "
                "decyzje w tym samym stopniu co dowody, a udawanie, że jest inaczej, czyni "
                "liderów kruchymi.",
                "4. Nowe kultury i struktury",
                "**Szukamy okazji do budowania nowych kultur i struktur**, które uwolnią "
                "potencjał przywódczy obecny już w Wielkim Manchesterze, zwłaszcza u ludzi, "
                "których rzadko proszono, by przewodzili.",
                "5. Lepsze rezultaty, które mierzymy",
                "**Łączymy nasze przywództwo z lepszymi rezultatami dla społeczeństwa** i "
                "wspieramy rzetelne starania, by oceniać i mierzyć różnicę, jaką wnosimy.",
                "Jeśli zasada nigdy cię nic nie kosztuje, to prawdopodobnie jest tylko "
                "upodobaniem.",
                "— z rozmowy coachingowej, przytoczone za zgodą (głos zbiorczy)",
            ],
        },
    },
}

TRANSLATIONS: Final[list[TranslationText]] = [URDU, POLISH]

# The English edit that leaves a translated section behind its source: a sentence added
# to one paragraph (found by how it starts) of a section both translations have done.
SOURCE_EDIT: Final = {
    "section": "why-a-culture-book",
    "paragraph": "This book exists because",
    "added": (
        " Each new cycle of trios adds what it has learned, so the book grows with the "
        "network that writes it."
    ),
}

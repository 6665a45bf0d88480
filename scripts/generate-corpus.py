#!/usr/bin/env python3
"""Generate TagPulse's offline TikTok corpus (deterministic, stdlib only).

The engine reads this corpus when no RapidAPI key is configured. Every page in
it is what the upstream RapidAPI "TikTok Scraper" returns on the wire (see
shared spec `original-api.md` section 4), so the engine can use the same decoder
for live and offline data.

Usage
-----
    python3 scripts/generate-corpus.py [--out DIR] [--seed N] [--videos N]
                                       [--comments MIN:MAX] [--small] [--plain] [--quiet]

    --out DIR          output directory (default:
                       Sources/TagPulseEngine/Resources/corpus next to this script).
                       index.json, hashtag/*.json and account/*.json in it are
                       replaced; nothing else there is touched.
    --seed N           master seed (default 20251001). Every target gets its own
                       random.Random("<seed>|<kind>|<name>") stream.
    --videos N         videos per target (default 20; 12 with --small).
    --comments MIN:MAX comments per video, top-level plus replies (default 50:90;
                       30:70 with --small).
    --small            8 hashtags and 3 accounts instead of 30 and 10 (the shipped
                       set is the full one). Explicit --videos / --comments win.
    --plain            write target files as .json; by default they are written
                       gzip-compressed (.json.gz, mtime 0, so still byte-for-byte
                       deterministic). index.json is always plain.
    --quiet            no summary on stdout.

Output is byte-for-byte reproducible: no wall-clock time (all timestamps derive
from BASE_EPOCH = 1759276800 = 2025-10-01T00:00:00Z, the notional scrape time),
stable insertion order, json.dumps(separators=(",", ":"), ensure_ascii=False)
plus a trailing newline.

Layout
------
corpus/index.json
    {"version":1,"generator":"scripts/generate-corpus.py","seed":N,
     "hashtags":[...],"accounts":[...]}            names lower-case, sorted.
corpus/hashtag/<name>.json and corpus/account/<name>.json, one object each:
    {"target":{"kind":"hashtag"|"account","name":"<name>"},
     "feed_pages":[<feed page>,...],
     "comment_pages":{"<aweme_id>":[<comment page>,...],...}}
    comment_pages has one entry per video of the feed, in feed order.

Feed page (5 videos per page, verbatim upstream shape):
    hashtag: {"status":"ok","data":{"aweme_list":[Video...],"has_more":1,"cursor":"5"}}
             cursor = offset of the next page as a string; last page: cursor "0".
    account: {"status":"ok","data":{"aweme_list":[Video...],"has_more":1,
              "max_cursor":<int ms>,"min_cursor":<int ms>}}   (no "cursor" key)
             max_cursor = create_time*1000 of the oldest non-pinned video on the
             page (the cursor for the next page), min_cursor = of the newest
             non-pinned one; last page: max_cursor 0. Pinned videos (is_top 1,
             older ones) come first on page 1.
    has_more is 1 on every page but the last. On the last page it is the int 0
    for targets at even positions of the sorted hashtag/account lists and the
    bool false for odd positions (upstream is inconsistent).

Comment page (20 top-level comments per page):
    {"status":"ok","data":{"comments":[Comment...],"has_more":H,"cursor":C,"total":T}}
    C = offset of the next page (number of top-level comments served so far);
    on the last page it equals the number of top-level comments and H is falsy.
    Per video the style is fixed and one of: H bool + C int, H int + C int,
    H bool + C numeric string, H int + C numeric string.
    T = distinct comments for the video (top-level + inline replies). A video
    with no comments (only with --comments 0:N) has one empty, final page.
    Replies are only inline: a top-level comment carries all its replies in
    "reply_comment" (chronological) and reply_comment_total = len(reply_comment);
    no reply pages exist.

Video: aweme_id (19-digit string, (create_time << 32) | 32 random bits like real
    ids), desc (caption + " #tag ..."), create_time (int s, 3-110 days before
    BASE_EPOCH), author{uid,nickname,unique_id,signature,region},
    statistics{digg_count,comment_count,play_count,share_count,collect_count,
    download_count} (plays >> likes >> comments; comment_count >= comments
    emitted for the video), share_url (https://www.tiktok.com/@<unique_id>/video/<id>),
    cha_list[{cha_name}] (same tags and order as text_extra; a hashtag target's
    own tag is always present), text_extra[{hashtag_name,start,end}] (UTF-16
    code-unit offsets of "#tag" in desc, end exclusive), video{duration ms},
    music{id (JSON integer > 2^53, fits Int64), id_str, title, author}, region,
    is_top (0/1), aweme_type 0, is_ads false, item_comment_settings 0.
    Hashtag feeds are ordered by popularity; account feeds newest first after
    the pinned videos, and every video's author is the account.

Comment: cid (19-digit string), aweme_id, text, create_time (int s, after the
    video's / after what it answers, always before BASE_EPOCH), digg_count,
    user{uid,nickname,unique_id}, reply_id ("0" top level, else the top-level
    parent's cid as a string), reply_to_reply_id ("0", or the cid string of the
    inline reply it answers: thread depth 3; such a reply always follows the one
    it answers), reply_comment_total, reply_comment (null or [Comment...]),
    comment_language ("en","es","pt","fr","de","it"; "un" for emoji-only).
    Top-level comments are ordered "hot" first (likes with noise), not by time.

Content: per target a topic profile (kitchen, cooking, skincare, books,
    drinkware, running, matcha, tech, thrift) supplies captions, slot values
    (products, brands, prices, colours, body areas, ...) and comment templates;
    shared pools add generic opinions, purchase intent (high/medium/low),
    complaints, comparisons, questions, engagement, emoji-only, spam and slang,
    in English (~65% of texts) and Spanish, Portuguese, French, German, Italian.
    Each video gets a "vibe" (positive, negative, controversial, hype, neutral)
    that skews its mix. Questions are answered (by the creator or another user)
    with answers written for that question; the asker often thanks or buys
    (depth 3); opinions get agreement or pushback; complaints get sympathy.

Deliberate oddities (a lenient decoder must survive all of them)
    * ~3% of videos: create_time is a numeric string (aweme_id still encodes it).
    * ~3% of videos: 2+ statistics values are numeric strings.
    * ~2% of videos: no share_url; share_info{share_url} (with a query string)
      instead.
    * ~3% of videos: author has no "region" key (video "region" is still there).
    * techreview: feed video index 3 has no "statistics" object.
    * ~2% of comments and replies: cid is a JSON integer (reply_id and
      reply_to_reply_id always stay strings).
    * airfryer and gadgetgabe: the first video with >= 2 comment pages repeats
      the last comment of page 1 (same object, same cid) as the first comment of
      page 2, so that page has 21 entries; cursor/total count it once.
    * skincare video index 1: text " \n\t\u0001\u0002 " (whitespace + C0
      controls); thriftfinds video index 2: text "\u3000\u00a0\u3000 " (Unicode
      spaces only). Both clean to "".
    * HTML entities: airfryer video 0 ("&amp;", "&lt;3"), booktok video 2
      ("&quot;"), chefmarco video 1 ("&amp;", "&#39;").
    * booktok video 0: one top-level comment with "user":null.
    * Every video has exact duplicate texts (new cid, usually another user;
      spam copy-paste keeps the same user).
    * Feed has_more on the last page: int 0 or bool false (see above); comment
      page has_more/cursor types vary per video (see above).
    Video indexes are 0-based feed positions. The summary printed on stdout
    lists the aweme_ids and cids of every oddity.
"""

import argparse
import gzip
import json
import math
import os
import random
import re
import sys
import unicodedata

BASE_EPOCH = 1759276800  # 2025-10-01T00:00:00Z: notional scrape time
DEFAULT_SEED = 20251001
FEED_PAGE_SIZE = 5
COMMENT_PAGE_SIZE = 20
GENERATOR = "scripts/generate-corpus.py"

# --------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------

DEFAULT_HASHTAGS = [
    ("airfryer", "kitchen"), ("skincare", "skincare"), ("booktok", "books"),
    ("stanleycup", "drinkware"), ("runningshoes", "running"),
    ("matchalatte", "matcha"), ("techreview", "tech"), ("thriftfinds", "thrift"),
]
EXTRA_HASHTAGS = [
    ("airfryerrecipes", "kitchen"), ("kitchengadgets", "kitchen"),
    ("mealprep", "cooking"), ("pastatok", "cooking"), ("castiron", "cooking"),
    ("skincareroutine", "skincare"), ("sephorahaul", "skincare"), ("glassskin", "skincare"),
    ("bookrecommendations", "books"), ("romantasy", "books"), ("kindleunlimited", "books"),
    ("owalacup", "drinkware"), ("waterbottle", "drinkware"),
    ("marathontraining", "running"), ("hokaclifton", "running"),
    ("coffeetok", "matcha"), ("icedcoffee", "matcha"),
    ("iphone17", "tech"), ("airpodspro", "tech"),
    ("depop", "thrift"), ("vintagefashion", "thrift"), ("outfitinspo", "thrift"),
]

ACCOUNTS = {
    "glowwithmaya": {
        "profile": "skincare", "nickname": "Maya ✨ Glow", "region": "US",
        "signature": "skincare for real skin 🌿 licensed esthetician | ATX 📍 | collabs: maya@glowwithmaya.co",
        "fan": ["maya your skin is literally glass 😭", "been here since 10k, so proud of you maya 🥹",
                "maya please do a full night routine video", "your voice is so calming omg",
                "the way maya never gatekeeps 💕", "Maya is the only skincare girl I trust"],
    },
    "chefmarco": {
        "profile": "cooking", "nickname": "Chef Marco 🍝", "region": "US",
        "signature": "Italian-American chef 👨‍🍳 nonna-approved recipes | cookbook out now ⬇️",
        "fan": ["Marco's knife skills are unreal", "chef Marco never misses 🤌",
                "Marco please open a restaurant already", "the way he said 'beautiful' 😂",
                "your nonna would be so proud", "I watch Marco to fall asleep, so calming"],
    },
    "gadgetgabe": {
        "profile": "tech", "nickname": "Gabe | Tech", "region": "US",
        "signature": "honest tech reviews, no fluff 📱🎧 | not sponsored unless I say so",
        "fan": ["Gabe is the only tech reviewer I trust", "gabe's reviews are always so honest",
                "W gabe", "Gabe please review the {competitor} next",
                "been watching since your 1k days gabe", "love that you say when it's sponsored"],
    },
    # --full only
    "beautybyluna": {
        "profile": "skincare", "nickname": "Luna 🌙 beauty", "region": "GB",
        "signature": "skin, makeup & honest reviews 🌙 London",
        "fan": ["Luna your makeup is always perfect", "obsessed with your accent luna 😭"],
    },
    "runwithjade": {
        "profile": "running", "nickname": "Jade runs 🏃‍♀️", "region": "US",
        "signature": "marathoner x3 | shoe nerd | coach 👟",
        "fan": ["jade you're so inspiring", "Jade's shoe reviews are the best on here"],
    },
    "readwithrosa": {
        "profile": "books", "nickname": "Rosa 📚", "region": "US",
        "signature": "romantasy + thrillers | 150 books a year | she/her",
        "fan": ["Rosa has never given me a bad rec", "rosa your bookshelf is a dream"],
    },
    "thriftqueenkay": {
        "profile": "thrift", "nickname": "Kay 🛍️ thrift queen", "region": "US",
        "signature": "thrift hauls & flips | Depop: thriftqueenkay",
        "fan": ["Kay has the best luck ever", "kay's eye for vintage is unmatched"],
    },
    "matchamika": {
        "profile": "matcha", "nickname": "Mika 🍵", "region": "CA",
        "signature": "matcha every day | recipes below ⬇️ | Vancouver",
        "fan": ["Mika's recipes never miss", "mika your kitchen is so aesthetic"],
    },
    "techwithtariq": {
        "profile": "tech", "nickname": "Tariq Tech", "region": "GB",
        "signature": "phones, laptops, audio. honest takes only.",
        "fan": ["Tariq you're the goat", "tariq's reviews are so detailed"],
    },
    "homecooksam": {
        "profile": "kitchen", "nickname": "Sam cooks 🍳", "region": "AU",
        "signature": "easy air fryer dinners for busy people 🇦🇺",
        "fan": ["Sam's recipes saved my weeknights", "sam you're so wholesome"],
    },
}
DEFAULT_ACCOUNTS = ["glowwithmaya", "chefmarco", "gadgetgabe"]
EXTRA_ACCOUNTS = ["beautybyluna", "runwithjade", "readwithrosa", "thriftqueenkay",
                  "matchamika", "techwithtariq", "homecooksam"]

# Deliberate edge cases, keyed by (kind, name); video indexes are feed positions.
EDGE_CASES = {
    ("hashtag", "airfryer"): {"html": [(0, "mac &amp; cheese in the air fryer?? need the recipe &lt;3", "question",
                                        ["{minutes} min at 400°F and don't skimp on the cheese 🧀", "recipe is pinned!"])],
                              "dup_page": True},
    ("hashtag", "skincare"): {"blank": [(1, " \n\t\u0001\u0002 ")]},
    ("hashtag", "booktok"): {"null_user": [0],
                             "html": [(2, "the &quot;spicy&quot; chapter had me blushing on the bus 💀", "pos", None)]},
    ("hashtag", "techreview"): {"no_stats": [3]},
    ("hashtag", "thriftfinds"): {"blank": [(2, "\u3000\u00a0\u3000 ")]},
    ("account", "chefmarco"): {"html": [(1, "Salt &amp; pepper only? Chef&#39;s kiss 🤌", "question",
                                         ["that's all you need with good meat 🤌", "salt, pepper, done. trust me"])]},
    ("account", "gadgetgabe"): {"dup_page": True},
}

# --------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------

FIRST = {
    "en": ["jess", "kayla", "tyler", "mia", "jordan", "ashley", "brandon", "madison", "noah", "olivia",
           "emma", "liam", "ava", "chloe", "ethan", "hannah", "josh", "sophia", "ryan", "megan",
           "destiny", "aaliyah", "marcus", "jenna", "kenzie", "brooke", "zoe", "dylan", "sam", "taylor",
           "abby", "caleb", "riley", "nia", "trey", "becca", "grace", "austin", "kat", "imani"],
    "es": ["carlos", "maría", "lucía", "diego", "valentina", "sofía", "alejandro", "camila", "andrés",
           "fernanda", "javier", "daniela", "mateo", "paula", "sebastián", "ximena", "santiago", "renata"],
    "pt": ["joão", "ana", "lucas", "beatriz", "gabriel", "larissa", "rafael", "juliana", "pedro",
           "mariana", "thiago", "bruna", "felipe", "letícia"],
    "fr": ["camille", "léa", "hugo", "chloé", "manon", "théo", "inès", "louis", "jules", "océane"],
    "de": ["lukas", "lena", "jonas", "leonie", "felix", "paul", "marie", "tim", "anna", "jan", "laura"],
    "it": ["giulia", "marco", "francesca", "alessandro", "chiara", "luca", "martina", "matteo",
           "sara", "giorgia", "davide"],
}
LAST = {
    "en": ["smith", "johnson", "brown", "miller", "davis", "wilson", "moore", "clark", "lewis", "walker",
           "hall", "young", "king", "scott", "green", "baker", "nguyen", "patel", "kim", "reed"],
    "es": ["garcía", "martínez", "lópez", "hernández", "gonzález", "pérez", "sánchez", "ramírez",
           "torres", "flores", "rivera", "gómez"],
    "pt": ["silva", "santos", "oliveira", "souza", "lima", "pereira", "costa", "almeida", "ferreira"],
    "fr": ["martin", "bernard", "dubois", "thomas", "robert", "petit", "durand", "leroy", "moreau"],
    "de": ["müller", "schmidt", "schneider", "fischer", "weber", "meyer", "wagner", "becker"],
    "it": ["rossi", "russo", "ferrari", "esposito", "bianchi", "romano", "colombo", "ricci"],
}
SPAMMERS = [
    ("giftcard.giveaway.us", "🎁 Gift Cards 🎁"), ("earn.daily.cash", "Earn Daily 💸"),
    ("promo_winner2025", "Promo Winner"), ("followback.queen", "follow back queen 💯"),
    ("crypto_mike_fx", "Mike | FX Trader 📈"), ("shein.voucher.free", "FREE vouchers"),
]
REGION_LANG = {"US": "en", "GB": "en", "CA": "en", "AU": "en", "MX": "es", "ES": "es", "CO": "es",
               "BR": "pt", "FR": "fr", "DE": "de", "IT": "it"}
CREATOR_REGIONS = [("US", 58), ("GB", 8), ("CA", 6), ("AU", 4), ("MX", 6), ("ES", 3), ("CO", 2),
                   ("BR", 7), ("FR", 2), ("DE", 2), ("IT", 2)]

# --------------------------------------------------------------------------
# Generic text pools (shared by all profiles). "D|" = only for durable goods.
# --------------------------------------------------------------------------

GENERIC_SLOTS = {
    "n": lambda r: str(r.randint(2, 9)),
    "weeks": lambda r: str(r.randint(2, 6)),
    "days": lambda r: str(r.randint(2, 10)),
    "months": lambda r: str(r.randint(2, 14)),
    "hours": lambda r: str(r.choice([6, 7, 8, 10, 12, 14])),
    "minutes": lambda r: str(r.choice([10, 12, 15, 20, 25, 30])),
    "year": lambda r: "2025",
    "country": ["Canada", "the UK", "Australia", "Mexico", "Germany", "the Philippines", "Ireland"],
    "country_es": ["México", "Argentina", "Colombia", "Chile", "España", "Perú"],
    "color": ["black", "white", "pink", "sage green", "beige", "lilac", "navy"],
    "seller": ["Amazon", "TikTok Shop", "Target", "Walmart", "their website"],
}

GENERIC = {
    "en": {
        "pos": ["this is sooo good omg", "ok this actually works 😭", "best purchase I made this year fr",
                "obsessed is an understatement", "10/10 would recommend", "I was skeptical but it's worth every penny",
                "honestly life changing", "love love LOVE this", "D|this is so good I bought a second one",
                "really really good, you won't regret it", "absolutely amazing 😍", "can confirm, it's that good",
                "this is the one. trust me", "the hype is real"],
        "neg": ["not worth it tbh", "D|really bad quality, mine broke after {weeks} weeks",
                "overrated. don't waste your money", "this is so overhyped",
                "it's not good and I'm tired of pretending it is", "nah this is mid at best", "hard pass",
                "I don't get the hype at all", "really disappointed ngl", "not worth the money at all",
                "honestly not good, sorry", "D|I returned mine after {days} days", "not impressed. at all."],
        "mixed": ["it's good but not {price} good", "decent but I expected more for the price", "not bad, not great",
                  "it's ok I guess, but the hype is too much", "good quality but way too expensive",
                  "I like it but I wouldn't buy it again", "it's fine? not life changing though"],
        "sarcasm": ["oh wow another ad, how original 🙄", "yeah because everyone has {price} lying around",
                    "D|love how mine broke the day after the return window closed. amazing. 10/10",
                    "sure, 'not sponsored' 😂", "great, now my wallet hates you", "wow so 'honest' review 🙄",
                    "can't wait for this to be cringe in 6 months", "oh yes, exactly what I needed: more stuff"],
        "intent_high": ["just ordered!!", "added to cart 🛒", "take my money 💸", "ok I'm buying it. bye",
                        "bought it because of this video lol", "literally just checked out 😭",
                        "my cart is full thanks to you", "ordered 2, one for me and one for my sister",
                        "you made me buy it 😭", "just bought it on {seller}, can't wait"],
        "intent_med": ["need this", "where can I buy this?", "link?", "how much?", "link pls 🙏", "is it on amazon?",
                       "does it ship to {country}?", "I need this in my life", "what's the price?", "drop the link",
                       "where did you get it??", "price?", "I NEED this", "is it on TikTok Shop?"],
        "intent_low": ["maybe someday 🥲", "adding to my wishlist for when I'm rich", "one day... one day",
                       "if it goes on sale I might", "my bank account said no", "putting it on my birthday list",
                       "maybe after payday", "not for me right now but cool"],
        "complaint": ["shipping took {weeks} weeks 😤", "still waiting on my refund from {seller}...",
                      "customer service never answered me", "the one I got looks nothing like this",
                      "ordered {weeks} weeks ago and still nothing", "they charged me twice and won't refund",
                      "D|mine broke after two weeks 💀", "D|it stopped working after {n} uses",
                      "D|arrived damaged and the return process is a nightmare", "got a fake one from {seller} 😒"],
        "comparison": ["better than {competitor} honestly", "the {competitor} one is cheaper and does the same thing",
                       "is this better than {competitor}?", "I switched from {competitor} and never looked back",
                       "{competitor} is still better imo", "way better than the cheap knockoffs"],
        "experience": ["D|I've had mine for {months} months and it's still perfect",
                       "my mom has this and won't stop talking about it", "D|had it for a year, zero issues",
                       "D|my sister got me one for my birthday and I use it every day",
                       "I bought it after seeing it here and yeah, it's legit"],
        "question": ["is it worth it for {price}?", "does it actually work or is it just the lighting?",
                     "how long have you had it?", "is this sponsored?", "is it still on sale?",
                     "D|does it come in {color}?"],
        "engagement": ["first!", "❤️❤️❤️", "follow me", "🔥🔥🔥", "early gang", "who's here in {year}?",
                       "the way I watched this {n} times", "this popped up on my fyp at 3am 😭",
                       "commenting for the algorithm", "me watching this with no money 😭", "part 2 please!!",
                       "you deserve more followers", "love your videos!!", "why is this so satisfying",
                       "here before this blows up", "saving this", "tagging my bf so he gets the hint 👀"],
        "spam": ["FREE gift card 👉 link in bio", "check my page 🔥", "follow me I follow back 💯",
                 "I make $500/day from home, DM me 💸", "Win an iPhone 17 👉 check my profile", "sub4sub?",
                 "Earn money easy 💰 link in my bio", "🎁 Claim your free $100 Shein voucher 👉 profile",
                 "check my page for the same product 50% off 👀"],
        "slang": ["no cap this is elite", "lowkey want one", "slay 💅", "it's giving main character",
                  "bestie this ate", "this is bussin fr", "it understood the assignment",
                  "not me buying this at 2am", "rent free in my head", "ngl kinda fire",
                  "so demure, so mindful", "the way I gasped", "periodt 💅", "highkey obsessed",
                  "it's the {feature} for me", "ate and left no crumbs", "gagged 😭", "living for this"],
    },
    "es": {
        "pos": ["Me encantó, súper recomendado 😍", "Lo mejor que he comprado este año", "Está buenísimo, de verdad",
                "Qué maravilla 😍😍", "Funciona increíble, no me arrepiento", "Me encanta, 10 de 10"],
        "neg": ["No me gustó nada, no lo recomiendo", "No vale la pena, pura publicidad",
                "Qué decepción, esperaba mucho más", "Muy sobrevalorado la verdad", "No sirve para nada 😒"],
        "mixed": ["Está bonito pero carísimo", "Bueno, pero no es para tanto",
                  "Me gusta, aunque no sé si lo volvería a comprar"],
        "sarcasm": ["Ajá, y no es publicidad 🙄", "Sí claro, todos tenemos {price} de sobra"],
        "intent_high": ["Acabo de comprarlo 🛒", "Ya lo pedí 🙌", "Me lo compré por tu video jajaja",
                        "Lo acabo de agregar al carrito"],
        "intent_med": ["¿Dónde lo compro?", "¿Cuánto cuesta?", "¿Precio?", "Lo necesito 😍", "¿Link?",
                       "¿Hacen envíos a {country_es}?", "¿Dónde lo consigo en {country_es}?"],
        "intent_low": ["Algún día será 🥲", "Cuando me paguen lo compro", "Quizás más adelante"],
        "complaint": ["D|Me llegó roto y nadie responde para el reembolso 😡", "El envío tardó {weeks} semanas",
                      "Pedí uno y me mandaron otro color", "Sigo esperando mi reembolso"],
        "comparison": ["Es mejor que {competitor}", "Yo prefiero {competitor}, sale más barato"],
        "experience": ["D|Yo lo tengo hace {months} meses y sigue perfecto", "D|Mi mamá tiene uno y le encanta",
                       "Lo compré por TikTok y no me arrepiento"],
        "question": ["¿Vale la pena?", "¿Es publicidad?", "¿Cuánto tiempo llevas usándolo?"],
        "engagement": ["Primera 🥇", "Jajaja no puede ser", "Me encantan tus videos ❤️", "Parte 2 por favor",
                       "Te amo jajaja"],
        "spam": ["Gana dinero desde casa 💸 info en mi perfil"],
    },
    "pt": {
        "pos": ["Amei demais 😍", "Melhor compra do ano", "Muito bom, recomendo demais", "Sério, vale cada centavo",
                "Perfeito, sem defeitos"],
        "neg": ["Não gostei, não vale a pena", "Achei bem ruim, sinceramente", "Muito superestimado",
                "Não compra não, é furada"],
        "mixed": ["Achei mais ou menos, esperava mais", "É bom, mas caro demais",
                  "Bonito, mas não sei se compraria de novo"],
        "intent_high": ["Já comprei o meu 🛒", "Acabei de pedir!", "Comprei por causa desse vídeo kkkk"],
        "intent_med": ["Quanto custa?", "Onde compra?", "Tem link?", "Preciso disso urgente", "Vende no Brasil?",
                       "Qual o valor?"],
        "intent_low": ["Um dia eu compro 🥲", "Quando o salário cair quem sabe", "Talvez mais pra frente"],
        "complaint": ["D|Chegou quebrado e até agora nada do reembolso", "A entrega demorou {weeks} semanas 😤",
                      "Veio diferente da foto"],
        "comparison": ["Melhor que {competitor}", "Prefiro {competitor}, sai mais barato"],
        "experience": ["D|Tenho há {months} meses e tô amando", "D|Minha mãe tem um e ama"],
        "question": ["Vale a pena?", "É publi?", "Faz quanto tempo que você usa?"],
        "engagement": ["Kkkkkk real", "Primeira 🥇", "Amo seus vídeos ❤️", "Parte 2 por favor!"],
    },
    "fr": {
        "pos": ["Trop bien, j'adore !", "Franchement top, je recommande", "Meilleur achat de l'année"],
        "neg": ["Franchement pas terrible, je ne recommande pas", "Beaucoup trop surcoté",
                "Déçue, ça ne vaut pas le prix"],
        "mixed": ["C'est joli mais beaucoup trop cher", "Pas mal, mais sans plus"],
        "intent_high": ["Je viens de le commander 😍", "Commandé ! J'ai hâte"],
        "intent_med": ["Ça coûte combien ?", "Où est-ce qu'on peut l'acheter ?", "Lien ?", "Ça se trouve en France ?"],
        "intent_low": ["Peut-être un jour 😅", "Quand j'aurai des sous"],
        "complaint": ["D|Reçu cassé et toujours pas de remboursement…", "La livraison a pris {weeks} semaines"],
        "comparison": ["Mieux que {competitor} franchement"],
        "experience": ["D|Je l'ai depuis {months} mois, aucun souci"],
        "question": ["Ça vaut le coup ?", "C'est sponsorisé ?"],
        "engagement": ["Mdr trop vrai", "J'adore tes vidéos ❤️"],
    },
    "de": {
        "pos": ["Richtig gut, bin begeistert!", "Beste Anschaffung dieses Jahr", "Mega, kann ich nur empfehlen"],
        "neg": ["Absolut nicht empfehlenswert", "Total überbewertet", "Nicht sein Geld wert, leider"],
        "mixed": ["Ganz nett, aber viel zu teuer", "Okay, aber nicht der Hype"],
        "intent_high": ["Hab's gerade bestellt 🙌", "Sofort gekauft, danke!"],
        "intent_med": ["Wo kann man das kaufen?", "Was kostet das?", "Link?", "Gibt's das auch in Deutschland?"],
        "intent_low": ["Vielleicht irgendwann mal", "Wenn's im Angebot ist, vielleicht"],
        "complaint": ["Lieferung hat {weeks} Wochen gedauert 😤",
                      "D|Kam kaputt an, Rückerstattung immer noch nicht da"],
        "comparison": ["Besser als {competitor}, ehrlich"],
        "experience": ["D|Hab ich seit {months} Monaten, läuft super"],
        "question": ["Lohnt sich das?", "Ist das Werbung?"],
        "engagement": ["Haha, so wahr", "Liebe deine Videos ❤️"],
    },
    "it": {
        "pos": ["Bellissimo, lo adoro!", "Il miglior acquisto dell'anno", "Top, lo consiglio a tutti"],
        "neg": ["Non mi è piaciuto per niente", "Sopravvalutato, non ne vale la pena", "Che delusione"],
        "mixed": ["Carino ma troppo caro", "Non male, ma niente di speciale"],
        "intent_high": ["L'ho appena ordinato 😍", "Comprato subito!"],
        "intent_med": ["Dove si compra?", "Quanto costa?", "Link?", "Si trova in Italia?"],
        "intent_low": ["Forse un giorno 🥲"],
        "complaint": ["D|Arrivato rotto, sto ancora aspettando il rimborso",
                      "La spedizione ci ha messo {weeks} settimane"],
        "comparison": ["Meglio di {competitor}, sinceramente"],
        "experience": ["D|Ce l'ho da {months} mesi e funziona benissimo"],
        "question": ["Ne vale la pena?", "È pubblicità?"],
        "engagement": ["Ahahah verissimo", "Adoro i tuoi video ❤️"],
    },
}

EMOJI_ONLY = ["😍😍😍", "🔥", "😂😂", "👏👏", "💀💀💀", "🙌", "😭😭", "❤️", "🤤🤤", "👀", "🥹", "😮", "💯💯",
              "🔥🔥", "😍", "🙏🙏", "😂😂😂😂", "✨✨"]
CAT_EMOJI = {"pos": ["😍", "🔥", "🙌", "💕", "✨"], "neg": ["😒", "🙄", "👎", "😤"], "intent_high": ["🛒", "💸", "🙌"],
             "intent_med": ["🙏", "👀", "😍"], "complaint": ["😡", "😤", "😩"], "slang": ["💅", "🔥", "😭"]}

# Replies: REPLY[lang][kind] (depth 2) and FOLLOW[lang][kind] (depth 3, by the parent's author).
# disagree_neg answers a negative parent, disagree_pos a positive one, defend answers sarcasm,
# disagree_cmp a comparison. "D|" = only for durable goods.
REPLY = {
    "en": {
        "answer_other": ["it's linked in the bio 👆", "{seller}! I got mine there", "it's in the description",
                         "check the pinned comment"],
        "agree": ["fr fr", "facts", "literally same", "agreed 100%", "this!!", "same here 🙌",
                  "couldn't have said it better"],
        "disagree_neg": ["really? mine is perfect", "skill issue tbh 😂", "respectfully, no",
                         "nah you probably got a fake one", "hard disagree", "that's not my experience at all",
                         "you're doing it wrong lol"],
        "disagree_pos": ["D|really? mine broke after a month", "hard disagree, it's so overrated",
                         "honestly didn't like it at all", "D|enjoy it while it lasts 😬", "you must have gotten a good one",
                         "it's literally so overpriced though"],
        "defend": ["why so bitter 😂", "it's literally not an ad", "some people just like things 🤷‍♀️",
                   "nobody's forcing you to buy it lol"],
        "disagree_cmp": ["nah, not even close lol", "they're not the same at all", "{competitor}?? absolutely not",
                         "have you even tried both?"],
        "complaint_support": ["same thing happened to me 😩", "omg mine too",
                              "did you contact {seller}? they refunded me", "you should report it, that's not ok",
                              "this is why I stopped ordering online"],
        "creator_thanks": ["thank you so much!! 🥹", "aww this made my day 💕", "so glad you love it!!",
                           "yesss welcome to the club 🙌", "thank youuu ❤️"],
        "creator_sorry": ["oh no I'm so sorry! DM me and I'll try to help",
                          "that's so frustrating, contact their support, they fixed mine",
                          "ugh sorry that happened 😩 definitely ask for a replacement"],
        "creator_answer": ["great question, making a video on it", "I'll do a full review soon!"],
        "creator_link": ["linked in my bio!", "it's in my bio 🙌", "{seller}! link in bio", "check my bio, it's all there"],
        "laugh": ["😂😂😂", "LMAO", "💀💀", "stoppp 😭", "crying 😭"],
        "spam_callout": ["bots everywhere 🙄", "reported", "nobody is clicking that lol"],
    },
    "es": {
        "answer_other": ["Está en su perfil 👆", "En {seller} lo encuentras"],
        "agree": ["Totalmente de acuerdo", "Tal cual", "Igual yo 🙌"],
        "disagree_neg": ["¿En serio? A mí me funciona perfecto", "Nada que ver, yo estoy feliz",
                         "No estoy de acuerdo para nada"],
        "disagree_pos": ["D|¿En serio? A mí se me rompió al mes", "Pues a mí no me gustó nada"],
        "defend": ["Qué amargura jajaja"], "disagree_cmp": ["Nada que ver, no se comparan"],
        "complaint_support": ["A mí me pasó lo mismo 😩", "Qué mal, reclama tu reembolso"],
        "creator_thanks": ["¡Muchas gracias! 🥹", "¡Me alegra mucho que te guste! 💕"],
        "creator_sorry": ["¡Ay no, lo siento! Escríbeme por DM y te ayudo"],
        "creator_link": ["¡Está en el link de mi perfil!", "El link está en mi perfil 🙌"],
        "creator_answer": ["¡Buena pregunta! Hago un video sobre eso pronto"],
        "laugh": ["Jajajaja", "JAJAJA 😂", "Me muero 😭"],
    },
    "pt": {
        "answer_other": ["Tá na bio 👆", "Comprei na {seller}"],
        "agree": ["Concordo demais", "Real", "Verdade"],
        "disagree_neg": ["Sério? O meu é perfeito", "Discordo total"],
        "disagree_pos": ["D|Sério? O meu quebrou em um mês", "Discordo, achei bem ruim"],
        "defend": ["Nossa, quanta amargura kkkk"], "disagree_cmp": ["Nada a ver, não tem comparação"],
        "complaint_support": ["Aconteceu o mesmo comigo 😩", "Pede reembolso, eles devolveram o meu"],
        "creator_thanks": ["Valeu demais!! 🥹", "Que bom que você gostou! 💕"],
        "creator_sorry": ["Poxa, sinto muito! Me chama no direct"],
        "creator_link": ["Tá no link da bio!"],
        "creator_answer": ["Boa pergunta! Vou fazer um vídeo sobre isso"],
        "laugh": ["Kkkkkkk", "KKKKKKK morri"],
    },
    "fr": {
        "answer_other": ["C'est dans sa bio 👆"], "agree": ["Tellement vrai", "Pareil !"],
        "disagree_neg": ["Ah bon ? Le mien est parfait", "Pas du tout d'accord"],
        "disagree_pos": ["D|Ah bon ? Le mien a cassé au bout d'un mois", "Pas du tout d'accord, c'est surcoté"],
        "defend": ["Pourquoi tant d'amertume 😂"], "disagree_cmp": ["Rien à voir, franchement"],
        "complaint_support": ["Pareil pour moi 😩"], "creator_thanks": ["Merci beaucoup !! 🥹"],
        "creator_sorry": ["Oh non ! Écris-moi en DM, je vais t'aider"],
        "creator_link": ["Le lien est dans ma bio !"], "laugh": ["Mdrrr"],
        "creator_answer": ["Bonne question ! Je fais une vidéo bientôt"],
    },
    "de": {
        "answer_other": ["Steht in der Bio 👆"], "agree": ["Sehe ich genauso", "Same!"],
        "disagree_neg": ["Echt? Meins ist perfekt", "Sehe ich komplett anders"],
        "disagree_pos": ["D|Echt? Meins war nach einem Monat kaputt", "Sehe ich anders, total überbewertet"],
        "defend": ["Warum so negativ 😂"], "disagree_cmp": ["Das kann man nicht vergleichen"],
        "complaint_support": ["War bei mir genauso 😩"], "creator_thanks": ["Dankeschön!! 🥹"],
        "creator_sorry": ["Oh nein, das tut mir leid! Schreib mir per DM"],
        "creator_link": ["Link ist in meiner Bio!"], "laugh": ["Hahaha"],
        "creator_answer": ["Gute Frage! Mache bald ein Video dazu"],
    },
    "it": {
        "answer_other": ["È nella sua bio 👆"], "agree": ["Verissimo", "Anche io!"],
        "disagree_neg": ["Davvero? Il mio è perfetto", "Non sono d'accordo"],
        "disagree_pos": ["D|Davvero? Il mio si è rotto dopo un mese", "Non sono d'accordo, è sopravvalutato"],
        "defend": ["Quanta amarezza 😂"], "disagree_cmp": ["Non c'è paragone"],
        "complaint_support": ["Anche a me è successo 😩"], "creator_thanks": ["Grazie mille!! 🥹"],
        "creator_sorry": ["Oh no, mi dispiace! Scrivimi in DM"],
        "creator_link": ["Il link è nella mia bio!"], "laugh": ["Ahahahah"],
        "creator_answer": ["Bella domanda! Farò presto un video"],
    },
}
FOLLOW = {
    "en": {
        "after_answer": ["thank you!! 😍", "ty!! 🙏", "perfect, thanks!", "good to know!", "omg that's so helpful"],
        "after_answer_buy": ["omg ty, just ordered 🛒", "{price}?? my wallet is crying 😭", "added to cart, thank you!",
                             "wait that's it? buying now", "thank you!! 😍"],
        "after_disagree_neg": ["ok fair, maybe I got a bad one", "D|it was from the official store so no 🙄",
                               "nope, did everything right", "lol ok"],
        "after_disagree_pos": ["D|{months} months in and mine is still perfect 🤷‍♀️", "guess I got lucky then",
                               "we'll have to agree to disagree 😂", "to each their own"],
        "after_defend": ["lol ok", "just saying 🤷"],
        "after_disagree_cmp": ["we'll have to agree to disagree 😂", "I literally own both lol"],
        "after_complaint": ["they ghosted me 🙃", "tried that, still nothing", "finally got my refund after {weeks} weeks",
                            "will do, thanks!"],
        "after_agree": ["🤝", "glad it's not just me", "real"],
        "after_laugh": ["😂😂", "why is this so true"],
    },
    "es": {
        "after_answer": ["¡Mil gracias!", "¡Gracias! 🙏"],
        "after_answer_buy": ["¡Gracias! Ya lo pedí 🙌", "Uff, {price}... muy caro para mí 😭"],
        "after_disagree_neg": ["Bueno, puede que me haya tocado uno malo", "Pues a mí no 🤷‍♀️"],
        "after_disagree_pos": ["Pues a mí me encanta 🤷‍♀️"], "after_defend": ["Solo digo 🤷"],
        "after_disagree_cmp": ["Cada quien con su opinión 😂"],
        "after_complaint": ["Ya reclamé y nada 🙃", "¡Gracias, lo intentaré!"],
        "after_agree": ["🤝"], "after_laugh": ["😂😂"],
    },
    "pt": {
        "after_answer": ["Valeu!!"], "after_answer_buy": ["Obrigada! Já pedi 🙌"],
        "after_disagree_neg": ["Vai ver veio com defeito"], "after_disagree_pos": ["Pois eu amo 🤷‍♀️"],
        "after_defend": ["Só falei 🤷"], "after_disagree_cmp": ["Cada um com sua opinião 😂"],
        "after_complaint": ["Já tentei, nada 🙃"], "after_agree": ["🤝"], "after_laugh": ["kkkkk"],
    },
    "fr": {"after_answer": ["Merci !! 😍"], "after_answer_buy": ["Merci, je commande ! 😍"],
           "after_disagree_neg": ["Bon, peut-être un défaut alors"], "after_disagree_pos": ["Moi j'adore quand même 🤷‍♀️"],
           "after_defend": ["Je dis ça, je dis rien 🤷"], "after_disagree_cmp": ["Chacun son avis 😂"],
           "after_complaint": ["J'ai essayé, rien 🙃"], "after_agree": ["🤝"], "after_laugh": ["😂"]},
    "de": {"after_answer": ["Danke!! 😍"], "after_answer_buy": ["Danke, direkt bestellt!"],
           "after_disagree_neg": ["Na gut, vielleicht hatte ich Pech"], "after_disagree_pos": ["Ich find's trotzdem super 🤷‍♀️"],
           "after_defend": ["Ich sag ja nur 🤷"], "after_disagree_cmp": ["Jedem das Seine 😂"],
           "after_complaint": ["Hab ich versucht, nichts 🙃"], "after_agree": ["🤝"], "after_laugh": ["😂"]},
    "it": {"after_answer": ["Grazie!! 😍"], "after_answer_buy": ["Grazie, ordinato subito!"],
           "after_disagree_neg": ["Ok, forse il mio era difettoso"], "after_disagree_pos": ["A me piace comunque 🤷‍♀️"],
           "after_defend": ["Dico solo 🤷"], "after_disagree_cmp": ["Ognuno ha la sua opinione 😂"],
           "after_complaint": ["Già fatto, niente 🙃"], "after_agree": ["🤝"], "after_laugh": ["😂"]},
}

SONGS = [("Espresso", "Sabrina Carpenter"), ("APT.", "ROSÉ & Bruno Mars"), ("Die With A Smile", "Lady Gaga & Bruno Mars"),
         ("Good Luck, Babe!", "Chappell Roan"), ("Birds of a Feather", "Billie Eilish"), ("luther", "Kendrick Lamar & SZA"),
         ("Manchild", "Sabrina Carpenter"), ("Ordinary", "Alex Warren"), ("Golden", "HUNTR/X"),
         ("aesthetic lofi beat", "chill beats studio"), ("Monkeys Spinning Monkeys", "Kevin MacLeod"),
         ("Pink Pony Club", "Chappell Roan"), ("Sapphire", "Ed Sheeran")]

# --------------------------------------------------------------------------
# Topic profiles
# --------------------------------------------------------------------------

PHONE_FEATURES = ["camera", "battery life", "screen", "charging speed"]

PROFILES = {
    "kitchen": {
        "durable": True,
        "slots": {
            "item": ["air fryer"],
            "product": ["Ninja Dual Zone", "Cosori Pro LE", "Instant Vortex Plus", "Ninja Crispi",
                        "Philips Airfryer XXL", "Chefman TurboFry"],
            "brand": ["Ninja", "Cosori", "Instant", "Philips", "Chefman"],
            "competitor": ["Ninja", "Cosori", "the Instant Vortex", "Philips", "a regular oven"],
            "price": ["$89", "$119.99", "$149", "$59.99", "$199", "$129"],
            "color": ["black", "sage green", "cream", "stainless steel", "grey"],
            "food": ["chicken wings", "salmon bites", "crispy potatoes", "chicken thighs", "frozen fries",
                     "brussels sprouts", "cinnamon rolls", "tofu", "pork belly", "egg bites"],
            "flaw": ["basket coating", "fan noise", "tiny basket", "plastic smell", "beeping"],
            "feature": ["dual basket", "sync button", "window", "shake reminder", "dehydrate mode"],
        },
        "tags": ["airfryerrecipes", "easyrecipes", "kitchengadgets", "amazonfinds", "cooking", "foodtok",
                 "dinnerideas", "fyp"],
        "handles": ["{first}cooks", "{first}inthekitchen", "eatswith{first}", "{first}.homekitchen", "airfried.by.{first}"],
        "bios": ["easy dinners for busy people 🍗", "air fryer everything ✨ recipes below", "mom of 3 | quick meals"],
        "captions": ["{food} in the {product} and I'm never going back 🔥", "{n}-minute {food} in the air fryer, recipe in comments",
                     "honest review of the {product} after {months} months", "things I wish I knew before buying an air fryer",
                     "testing viral air fryer hacks so you don't have to 😅", "is the {product} worth {price}? let's see",
                     "air fryer {food} that actually came out crispy", "Alitas en la freidora de aire en {minutes} minutos 🔥"],
        "en": {
            "pos": ["made the {food} last night and my kids finished the whole tray", "the {feature} on the {product} is a game changer",
                    "crispiest {food} I've ever made no joke", "I use mine literally every day, best kitchen buy ever",
                    "reheating pizza in it is elite", "my {product} paid for itself in takeout money lol"],
            "neg": ["the coating on the basket started peeling after a month, not worth it",
                    "my {product} smells like burnt plastic every time 🤢", "honestly an oven does the same thing",
                    "too small for a family of {n}, really regret it", "the {product} is so loud I can't hear my tv"],
            "mixed": ["cooks great but cleaning the basket is a nightmare", "love it but the {flaw} drives me crazy",
                      "good for {food}, terrible for anything with batter", "it's fast but everything comes out a bit dry"],
            "complaint": ["the {feature} stopped working after {weeks} weeks and {brand} won't replace it",
                          "mine arrived with a dented basket 😤", "ordered the {color} one and got black, still waiting on the exchange",
                          "{brand} support told me the peeling coating is 'normal' 🙃"],
            "comparison": ["the {competitor} is way better for the price", "{brand} > {competitor}, I've had both",
                           "my old {competitor} did this in half the time"],
            "experience": ["had my {product} for {months} months and it still looks brand new",
                           "I did {food} at 400°F for {n} minutes, perfect", "my grandma refused to use an oven after getting one lol",
                           "I sold my microwave after buying the {product}"],
            "question": ["what temp and how long?", "does the {product} fit a whole chicken?", "is it loud?",
                         "do you need to preheat it?", "what size basket is that?", "can you use parchment paper in it?",
                         "is the {product} worth it for just one person?"],
            "intent_high": ["just ordered the {product} because of this 😭", "added the {color} one to cart",
                            "ok buying the {product} today"],
            "intent_med": ["what brand is this?", "which model is that?", "need one for my dorm"],
        },
        "es": {"experience": ["Yo hago las alitas a 200 grados {n} minutos y quedan perfectas",
                              "La mía es {brand} y la uso todos los días"],
               "question": ["¿Se puede hacer pan en la freidora de aire?"],
               "complaint": ["Compré la {product} y la canasta se despegó al mes 😡"]},
        "pt": {"experience": ["Faço pão de queijo na minha airfryer, fica perfeito"],
               "complaint": ["Minha airfryer {brand} durou só {n} meses 😤"], "question": ["Qual a temperatura?"]},
        "fr": {"experience": ["J'ai la même, je fais des frites maison en {n} minutes"]},
        "de": {"experience": ["Ich mach darin sogar Brötchen auf, klappt super"]},
        "it": {"experience": ["Io ci faccio anche le patatine, vengono croccantissime"]},
    },
    "cooking": {
        "durable": True,
        "slots": {
            "item": ["pan", "knife", "Dutch oven"],
            "product": ["HexClad pan", "Le Creuset Dutch oven", "Made In carbon steel pan", "Global chef's knife",
                        "Staub cocotte", "Lodge cast iron"],
            "brand": ["HexClad", "Le Creuset", "Made In", "Global", "Staub", "Lodge"],
            "competitor": ["All-Clad", "Calphalon", "Lodge", "Wüsthof", "T-fal"],
            "price": ["$129", "$399", "$89", "$35", "$179"],
            "dish": ["carbonara", "cacio e pepe", "risotto alla milanese", "smash burgers", "chicken piccata",
                     "birria tacos", "focaccia", "tiramisu", "lasagna", "shakshuka"],
            "ingredient": ["guanciale", "pecorino", "San Marzano tomatoes", "fresh basil", "parmigiano", "good olive oil"],
            "flaw": ["handle getting hot", "weight", "coating", "price"],
            "feature": ["sear", "heat retention", "non-stick", "sharpness"],
        },
        "tags": ["cooking", "recipe", "pasta", "italianfood", "dinnerideas", "foodtok", "homecooking", "fyp"],
        "handles": ["chef{first}", "{first}cooks", "{first}.eats"],
        "bios": ["home cook | nonna's recipes 🇮🇹", "chef 👨‍🍳 recipes every day"],
        "captions": ["{dish} the way my nonna made it 🇮🇹", "stop putting cream in your {dish} 😤",
                     "{n}-ingredient {dish} in {minutes} minutes", "is the {product} worth {price}? I tested it for {months} months",
                     "knife skills 101: how to dice an onion", "date night {dish} ❤️", "the only {dish} recipe you need"],
        "en": {
            "pos": ["made your {dish} last night and my boyfriend proposed 😭", "the way that {dish} looks 🤤",
                    "your {dish} recipe is the only one I use now", "{ingredient} makes all the difference, you're so right",
                    "restaurant quality at home, incredible"],
            "neg": ["that's not real {dish}, sorry", "way too much salt, really not it", "cream in {dish}?? absolutely not",
                    "tried the recipe and it was bland, not worth the effort"],
            "mixed": ["looks amazing but who has {ingredient} at home", "great recipe but {minutes} minutes is a lie lol",
                      "love the {product} but the {flaw} annoys me"],
            "complaint": ["my {product} coating started flaking after {months} months",
                          "the {product} arrived with a chip in the enamel",
                          "ordered the {product} from your link and it's been {weeks} weeks"],
            "comparison": ["my {competitor} does the same for half the price", "{brand} > {competitor}, not even close",
                           "cast iron is better and lasts forever"],
            "experience": ["I've cooked with the {product} for {months} months, still like new",
                           "made this for my in-laws and they finally like me 😂", "my Italian grandma approved this recipe"],
            "question": ["can I use bacon instead of {ingredient}?", "what pan is that?", "is the {product} oven safe?",
                         "how do you keep the sauce from splitting?", "can I make it ahead?", "what knife do you use?"],
            "intent_high": ["just ordered the {product} from your link", "bought the {product} because of this video"],
            "intent_med": ["link to the pan?", "where's the recipe?", "which {item} is that?"],
        },
        "es": {"pos": ["La carbonara sin crema es la de verdad 👌", "Me salió riquísimo, gracias chef"],
               "question": ["¿Con qué puedo reemplazar el {ingredient}?"]},
        "pt": {"pos": ["Fiz ontem e ficou maravilhoso"], "question": ["Onde acho {ingredient} no Brasil?"]},
        "fr": {"pos": ["Enfin une vraie carbonara sans crème !"]},
        "de": {"pos": ["Hab's nachgekocht, einfach genial"]},
        "it": {"pos": ["Finalmente una carbonara fatta come si deve 🇮🇹", "Mia nonna approverebbe"],
               "neg": ["La panna nella carbonara no, per favore 😭"]},
    },
    "skincare": {
        "durable": False,
        "slots": {
            "item": ["serum", "moisturizer", "cleanser", "toner", "sunscreen"],
            "product": ["The Ordinary Niacinamide", "CeraVe Hydrating Cleanser", "Glow Recipe Watermelon Toner",
                        "La Roche-Posay Cicaplast", "Paula's Choice 2% BHA", "Medicube Zero Pore Pads", "COSRX Snail Mucin",
                        "Beauty of Joseon sunscreen"],
            "brand": ["CeraVe", "The Ordinary", "Glow Recipe", "La Roche-Posay", "COSRX", "Drunk Elephant", "Medicube"],
            "competitor": ["Drunk Elephant", "Tatcha", "Olay", "Neutrogena", "Cetaphil", "Skinceuticals"],
            "price": ["$14", "$22", "$38", "$69", "$9.90", "$52"],
            "area": ["forehead", "chin", "cheeks", "nose", "jawline", "under-eyes"],
            "skin": ["oily", "dry", "combination", "sensitive", "acne-prone"],
            "flaw": ["smell", "pilling", "sticky finish", "packaging", "white cast"],
            "feature": ["texture", "pump", "scent", "finish", "glow"],
            "seller": ["Sephora", "Ulta", "Amazon", "Target", "YesStyle"],
        },
        "tags": ["skincareroutine", "skintok", "glowup", "acne", "kbeauty", "sephorafavorites", "fyp"],
        "handles": ["{first}skin", "glowwith{first}", "{first}.skincare", "skinby{first}"],
        "bios": ["esthetician in training 🌿", "skincare junkie | oily skin", "honest reviews only 💕"],
        "captions": ["my {skin} skin routine that finally cleared my {area} ✨", "{weeks} weeks of {product}, before & after",
                     "dermatologist-approved {item} under {price}", "GRWM: night routine for {skin} skin",
                     "stop buying the wrong {item} for your skin type", "the {product} dupe nobody is talking about",
                     "Mi rutina de noche para piel {skin_es} 🌙"],
        "en": {
            "pos": ["my {area} has never been this smooth, thank you!!", "the {product} cleared my {area} in like {weeks} weeks",
                    "holy grail for {skin} skin fr", "my skin is literally glowing 😭✨", "the {feature} is sooo nice"],
            "neg": ["the {product} broke me out so bad 😩", "gave me a rash on my {area}, returning it",
                    "this did absolutely nothing for my {skin} skin", "not worth {price}, the drugstore one is the same",
                    "the {flaw} is really bad, can't use it"],
            "mixed": ["texture is nice but the {flaw} is a no for me", "works on my {area} but dries out my cheeks",
                      "good but takes forever to see results"],
            "complaint": ["{seller} sent me an opened one 🤢", "the pump broke after a week",
                          "my order was stuck in shipping for {weeks} weeks", "got a fake {brand} from {seller}, it smelled weird"],
            "comparison": ["the {competitor} version is literally the same formula for double the price",
                           "better than {competitor} imo", "I switched from {competitor} and my skin calmed down"],
            "experience": ["been using it {months} months, my dark spots faded so much",
                           "I have {skin} skin and this is the only {item} that doesn't break me out",
                           "my dermatologist recommended this to me too", "my {area} acne is finally gone after {months} months 😭"],
            "question": ["is this good for {skin} skin?", "can I use it with retinol?", "morning or night?",
                         "does it pill under makeup?", "how long until you saw results?", "is it fungal acne safe?",
                         "does it leave a white cast?"],
            "intent_high": ["just ordered the {product} 🛒", "adding the {product} to my {seller} cart rn",
                            "bought it at {seller} today because of you"],
            "intent_med": ["what's the first product?", "drop your full routine pls", "where can I get the {product}?"],
        },
        "slots_extra": {"skin_es": ["grasa", "seca", "mixta", "sensible"]},
        "es": {"neg": ["Me salieron granitos en la frente con ese sérum 😩"],
               "pos": ["Para piel grasa es lo mejor que he probado"], "intent_med": ["¿Se consigue en México?"],
               "experience": ["Lo uso hace {n} meses y mis manchas bajaron muchísimo"]},
        "pt": {"pos": ["Minha pele é oleosa e amei"], "neg": ["Esse sérum me deu alergia 😭"]},
        "fr": {"pos": ["J'ai la peau sensible et ça ne m'a pas du tout irritée"],
               "neg": ["Ça m'a donné des boutons sur le menton 😩"]},
        "de": {"pos": ["Bei meiner Mischhaut wirkt das echt Wunder"]},
        "it": {"pos": ["Per la pelle grassa è perfetto, lo ricompro sempre"]},
    },
    "books": {
        "durable": False,
        "slots": {
            "item": ["book"],
            "product": ["Fourth Wing", "A Court of Thorns and Roses", "Onyx Storm", "It Ends with Us",
                        "The Seven Husbands of Evelyn Hugo", "Funny Story", "The Housemaid", "Iron Flame", "Yellowface"],
            "book2": ["Powerless", "The Cruel Prince", "Quicksilver", "Happy Place", "Never Lie", "Babel"],
            "author": ["Rebecca Yarros", "Sarah J. Maas", "Colleen Hoover", "Taylor Jenkins Reid", "Emily Henry",
                       "Freida McFadden", "R.F. Kuang"],
            "brand": ["Kindle", "Audible", "Barnes & Noble"],
            "competitor": ["ACOTAR", "Twilight", "Fourth Wing", "anything Colleen Hoover wrote", "The Hunger Games"],
            "price": ["$18.99", "$12.99", "$29.99", "$9.99"],
            "trope": ["enemies to lovers", "slow burn", "found family", "forced proximity", "morally grey love interest",
                      "only one bed"],
            "character": ["Xaden", "Rhysand", "Evelyn", "Violet", "Cardan", "Azriel"],
            "pages": lambda r: str(r.choice([50, 87, 120, 150, 212, 300])),
            "feature": ["writing", "banter", "plot twist", "world building", "spice"],
            "seller": ["Amazon", "Barnes & Noble", "Bookshop.org", "Target"],
        },
        "tags": ["booktok", "bookrecommendations", "romantasy", "reading", "books", "tbr", "fyp"],
        "handles": ["{first}reads", "booksby{first}", "{first}.bookish", "{first}readsalot"],
        "bios": ["romantasy + thrillers 📚", "150 books a year | she/her", "my TBR is a cry for help"],
        "captions": ["books that made me sob at 2am 😭", "if you loved {product} read these next",
                     "rating every {author} book I've read", "{trope} books that live rent free in my head",
                     "my monthly reading wrap up 📚", "the {product} special edition is finally here",
                     "unpopular opinion about {product}"],
        "en": {
            "pos": ["{product} destroyed me in the best way", "{character} is my roman empire",
                    "I read {product} in one sitting, couldn't put it down", "{trope} is my weakness and this delivered",
                    "the {feature} in {product} is unmatched"],
            "neg": ["{product} was so overhyped, I DNF'd at page {pages}", "the writing in {product} is really not it",
                    "unpopular opinion: {author} can't write endings", "the spice was fine but the plot made no sense",
                    "not every book needs to be a trilogy 😩"],
            "mixed": ["loved the world building, hated the ending", "first half slow, second half 🔥",
                      "the audiobook narrator carried honestly", "good book, terrible sequel"],
            "complaint": ["my special edition came with damaged sprayed edges 😭", "Amazon shipped it in a paper envelope, cover is bent",
                          "preordered {months} months ago and still not here", "the Kindle version has so many typos"],
            "comparison": ["{product} is better than anything {author} wrote, fight me",
                           "if you liked {product} you'll love {book2}", "{book2} did this trope way better"],
            "experience": ["I've reread {product} {n} times already", "this book got me out of my {months}-month reading slump",
                           "bought it at the airport and finished before landing"],
            "question": ["is it spicy?", "how many books are in the series?", "do I need to read {book2} first?",
                         "is the audiobook good?", "what's the reading order?", "any trigger warnings?"],
            "intent_high": ["just ordered {product} 📚", "added {product} to my cart, my TBR is crying",
                            "buying {book2} on my lunch break"],
            "intent_med": ["adding to my TBR", "where did you get that edition?", "is this on Kindle Unlimited?"],
        },
        "es": {"pos": ["Lloré muchísimo con {product} 😭", "El final me dejó en shock"],
               "question": ["¿Está en español?"], "intent_high": ["Lo compré por TikTok y no me arrepiento"]},
        "pt": {"pos": ["Chorei demais com esse livro"], "question": ["Tem em português?"],
               "neg": ["Achei superestimado, sinceramente"]},
        "fr": {"pos": ["Je l'ai lu en deux jours, incroyable"], "question": ["Il existe en français ?"]},
        "de": {"question": ["Gibt es das auch auf Deutsch?"], "pos": ["Hab's in einer Nacht durchgelesen"]},
        "it": {"pos": ["L'ho finito in due giorni, bellissimo"], "question": ["Esiste in italiano?"]},
    },
    "drinkware": {
        "durable": True,
        "slots": {
            "item": ["cup", "tumbler"],
            "product": ["Stanley Quencher 40oz", "Stanley Quencher H2.0", "Owala FreeSip", "Stanley IceFlow",
                        "Simple Modern tumbler"],
            "brand": ["Stanley", "Owala", "Simple Modern"],
            "competitor": ["Owala", "Yeti", "Simple Modern", "Hydro Flask", "Brumate"],
            "color": ["Rose Quartz", "Cream", "Lilac", "Frost", "Pool", "Citron", "Black Glow"],
            "price": ["$45", "$35", "$55", "$28"],
            "flaw": ["leaky lid", "weight", "straw"], "feature": ["handle", "straw lid", "ice retention"],
        },
        "tags": ["stanley", "stanleytumbler", "hydration", "targetfinds", "watertok", "fyp"],
        "handles": ["{first}sips", "{first}.stanleyclub", "hydrated{first}"],
        "bios": ["hydration girlie 💧", "cup collector, no regrets", "target runs daily 🎯"],
        "captions": ["my {color} Stanley collection is getting out of hand 😅", "does the Stanley really keep ice for {hours} hours? test",
                     "Target restock haul 🛒", "Stanley vs {competitor}: honest comparison", "unboxing the new {color} {product}",
                     "watertok: {color} edition 💧"],
        "en": {
            "pos": ["the {color} is so pretty omg", "ice still there after {hours} hours, it's not a myth",
                    "I drink so much more water since I got mine", "the handle fits in my car cup holder, that's all I need"],
            "neg": ["it's literally a cup. {price} for a cup.", "mine leaks all over my bag every single time",
                    "the lead thing freaked me out, not using mine anymore", "overconsumption era is wild"],
            "mixed": ["cute but way too heavy when full", "love the color but the lid leaks",
                      "keeps ice forever but doesn't fit my bag"],
            "complaint": ["my lid cracked after {weeks} weeks and they won't replace it",
                          "ordered {color} and got a fake from a third-party seller", "the paint chipped after the first wash"],
            "comparison": ["Owala > Stanley, it doesn't leak", "the {competitor} keeps ice longer and it's cheaper",
                           "Yeti was doing this 10 years ago 💀"],
            "experience": ["had mine since last Christmas, dropped it {n} times, still perfect", "I take mine to work every day",
                           "my daughter has {n} of these 😭"],
            "question": ["is it dishwasher safe?", "does the straw lid leak?", "what size is that, 30 or 40?",
                         "where did you find {color}??", "is it worth it over the {competitor}?", "does it fit in a cup holder?"],
            "intent_high": ["just grabbed the {color} at Target!!", "ordered the {color} one before it sells out",
                            "take my money 💸 {color} is so cute"],
            "intent_med": ["is {color} still in stock anywhere?", "need the {color} one"],
        },
        "es": {"pos": ["El mío de color {color} es mi favorito 😍"], "question": ["¿Vale la pena o es pura moda?"],
               "complaint": ["Se me derramó en la mochila 😤"]},
        "pt": {"pos": ["Comprei o meu e não largo mais"], "neg": ["Vaza muito, não recomendo"]},
        "fr": {"neg": ["Franchement c'est juste une gourde hors de prix"]},
        "de": {"question": ["Ist das spülmaschinenfest?"]},
        "it": {"complaint": ["Il mio perde dal coperchio, che delusione"]},
    },
    "running": {
        "durable": True,
        "slots": {
            "item": ["shoes", "running shoes"],
            "product": ["Nike Pegasus 41", "Hoka Clifton 9", "ASICS Novablast 5", "Brooks Ghost 16",
                        "Saucony Endorphin Speed 4", "New Balance 1080v14", "On Cloudmonster", "Adidas Adizero Boston 12"],
            "brand": ["Nike", "Hoka", "ASICS", "Brooks", "Saucony", "On", "New Balance"],
            "competitor": ["Hoka", "ASICS", "Brooks", "Nike", "Saucony", "the Novablast"],
            "price": ["$140", "$160", "$130", "$170", "$250"],
            "distance": ["5K", "10K", "half marathon", "marathon"],
            "km": ["300", "500", "600", "800"],
            "body": ["knee", "shin", "heel", "arch", "ankle"],
            "color": ["white/volt", "black", "sky blue", "coral", "grey"],
            "flaw": ["outsole", "heel slip", "narrow toe box", "squeaky insole"],
            "feature": ["cushion", "bounce", "fit", "grip"],
            "seller": ["Running Warehouse", "Amazon", "Nike.com", "Zappos"],
        },
        "tags": ["running", "runtok", "marathontraining", "runningshoes", "shoereview", "fyp"],
        "handles": ["{first}runs", "run.with.{first}", "{first}milesaway"],
        "bios": ["marathoner 🏃‍♀️ shoe nerd", "run coach | 5K to marathon", "chasing PRs"],
        "captions": ["{months} months and {km} km in the {product}: honest review", "best shoes for your first {distance}",
                     "my {distance} race day shoe rotation", "{product} vs {competitor}: which is worth it?",
                     "shoes that fixed my {body} pain", "Mis zapatillas favoritas para correr 🏃‍♂️"],
        "en": {
            "pos": ["the {product} saved my {body}, no more pain", "PR'd my {distance} in these 🏃‍♀️🔥",
                    "so bouncy it feels like cheating", "comfiest running shoe I've ever owned"],
            "neg": ["the {product} gave me blisters on every run", "outsole wore out after like {km} km, not worth {price}",
                    "way too soft, my {body} hurts after every run", "the new version is really bad, they ruined it"],
            "mixed": ["great for easy runs, terrible for speed work", "comfy but the {flaw} is annoying",
                      "love the cushion, hate the price"],
            "complaint": ["sole started separating after {weeks} weeks", "ordered my size and they're half a size too small, return is a pain",
                          "shipping took {weeks} weeks and the box was crushed"],
            "comparison": ["the {competitor} is better for wide feet", "Novablast is the same vibe for way less",
                           "{brand} > {competitor} for long runs"],
            "experience": ["ran my first {distance} in these last month 🥹", "I'm on my third pair, that says it all",
                           "I have flat feet and these are the only ones that work"],
            "question": ["true to size?", "good for wide feet?", "how many km do they last?", "good for flat feet?",
                         "can you use them at the gym?", "which is better for a beginner?"],
            "intent_high": ["just ordered the {product} for my {distance} training", "copped them in {color} 🔥",
                            "buying these for my {distance}, wish me luck"],
            "intent_med": ["are they on sale anywhere?", "what's the price on the {product}?"],
        },
        "es": {"experience": ["Corrí mi primer medio maratón con estas y cero ampollas"],
               "question": ["¿Sirven para pie plano?"], "neg": ["Se me rompieron a los {n} meses, no las recomiendo"]},
        "pt": {"pos": ["Corro com esse tênis há {n} meses, amo"], "question": ["Vale a pena pra iniciante?"]},
        "fr": {"pos": ["Je cours avec depuis {n} mois, super confort"]},
        "de": {"mixed": ["Die laufen sich super, aber die Sohle ist nach {n} Monaten durch"]},
        "it": {"pos": ["Le uso per le uscite lunghe, comodissime"]},
    },
    "matcha": {
        "durable": False,
        "slots": {
            "item": ["matcha", "latte"],
            "product": ["Ippodo Sayaka", "Jade Leaf ceremonial", "Matchaful Hikari", "Naoki Superior Ceremonial",
                        "Marukyu Koyamaen Aoarashi"],
            "brand": ["Ippodo", "Jade Leaf", "Naoki", "Marukyu Koyamaen"],
            "competitor": ["Starbucks", "Dunkin'", "my local café", "coffee"],
            "price": ["$7.50", "$6.95", "$32", "$24"],
            "milk": ["oat milk", "almond milk", "coconut milk", "whole milk"],
            "syrup": ["vanilla", "honey", "strawberry", "brown sugar", "lavender"],
            "flaw": ["bitterness", "clumps", "price", "grassy taste"],
            "feature": ["color", "foam", "whisk"],
            "seller": ["Amazon", "their website", "Ippodo's site"],
        },
        "tags": ["matcha", "matchalatte", "matchatok", "cafeathome", "drinkrecipes", "fyp"],
        "handles": ["{first}.matcha", "matcha{first}", "{first}sips"],
        "bios": ["matcha every morning 🍵", "home café | recipes ⬇️"],
        "captions": ["making my daily {syrup} matcha latte with {milk} 🍵", "strawberry matcha but make it aesthetic",
                     "ranking matcha from cheapest to most expensive", "why your matcha tastes like grass (fix)",
                     "{price} matcha vs cheap matcha: can you tell?", "Mi matcha latte de todos los días 🍵"],
        "en": {
            "pos": ["the {syrup} matcha with {milk} is elite", "I switched from coffee and my anxiety is so much better",
                    "that color is so vibrant 😍", "this recipe is sooo good, making it every morning now"],
            "neg": ["tastes like pond water, sorry 😭", "{price} for a latte is insane, not worth it",
                    "matcha girlies are getting scammed with culinary grade", "tried it, really bad, I'll stick to coffee"],
            "mixed": ["good but way too sweet with the {syrup}", "love the taste, hate the price",
                      "it's fine but I don't get the hype"],
            "complaint": ["ordered the tin and it arrived open, powder everywhere", "my whisk broke after {n} uses",
                          "Starbucks made mine with way too much ice again 🙄", "{brand} is sold out for {weeks} weeks now 😩"],
            "comparison": ["{brand} is better than Jade Leaf, no contest", "way better than {competitor}",
                           "honestly {competitor} still does it better"],
            "experience": ["I've been drinking matcha every day for {months} months and my skin is better",
                           "my barista friend showed me this, it's a game changer", "made this for my mom and she's obsessed now"],
            "question": ["which matcha brand is that?", "ceremonial or culinary?", "how many grams do you use?",
                         "do you sift it first?", "what water temperature?", "is it better hot or iced?"],
            "intent_high": ["just ordered the {product} 🍵", "ok added the whisk set to my cart"],
            "intent_med": ["where do you get your matcha?", "link to the whisk?"],
        },
        "es": {"pos": ["El matcha con leche de avena es lo mejor 🍵"], "neg": ["Sabe a pasto, perdón 😂"],
               "question": ["¿Qué marca usas?"]},
        "pt": {"pos": ["Amo matcha com leite de aveia"], "mixed": ["Achei muito caro pra pouca coisa"]},
        "fr": {"pos": ["Le matcha à la fraise c'est une tuerie"]},
        "de": {"neg": ["Schmeckt wie Gras, sorry 😅"]},
        "it": {"pos": ["Il matcha con latte d'avena è il mio preferito"]},
    },
    "tech": {
        "durable": True,
        "slots": {
            "_bundles": [
                {"product": "iPhone 17 Pro", "price": "$1,099", "brand": "Apple",
                 "competitor": ["Galaxy S25 Ultra", "Pixel 10 Pro", "iPhone 16 Pro"], "feature": PHONE_FEATURES},
                {"product": "Galaxy S25 Ultra", "price": "$1,299", "brand": "Samsung",
                 "competitor": ["iPhone 17 Pro", "Pixel 10 Pro", "Galaxy S24 Ultra"], "feature": PHONE_FEATURES},
                {"product": "Pixel 10", "price": "$799", "brand": "Google", "competitor": ["iPhone 17", "Galaxy S25", "Pixel 9"],
                 "feature": PHONE_FEATURES},
                {"product": "AirPods Pro 3", "price": "$249", "brand": "Apple",
                 "competitor": ["Bose QC Ultra Earbuds", "Sony WF-1000XM5", "AirPods Pro 2"],
                 "feature": ["noise cancelling", "battery life", "sound", "fit"]},
                {"product": "Nothing Phone (3)", "price": "$799", "brand": "Nothing",
                 "competitor": ["Pixel 10", "OnePlus 13", "iPhone 17"], "feature": PHONE_FEATURES},
                {"product": "Apple Watch Series 11", "price": "$399", "brand": "Apple",
                 "competitor": ["Galaxy Watch 8", "Pixel Watch 4", "Apple Watch Series 10"],
                 "feature": ["battery life", "screen", "sleep tracking"]},
                {"product": "MacBook Air M4", "price": "$999", "brand": "Apple",
                 "competitor": ["Dell XPS 13", "MacBook Air M2", "Surface Laptop 7"],
                 "feature": ["battery life", "screen", "keyboard", "speakers"]},
                {"product": "Sony WH-1000XM6", "price": "$449", "brand": "Sony",
                 "competitor": ["Bose QC Ultra", "AirPods Max", "Sony WH-1000XM5"],
                 "feature": ["noise cancelling", "sound", "battery life", "comfort"]},
            ],
            "item": ["phone", "earbuds", "laptop"],
            "color": ["cosmic orange", "deep blue", "silver", "black", "sage"],
            "feature": ["battery life", "camera", "charging speed", "noise cancelling", "screen"],
            "flaw": ["battery life", "heat", "bloatware", "price"],
            "seller": ["Best Buy", "Amazon", "the Apple Store", "Samsung.com"],
        },
        "tags": ["tech", "techtok", "iphone", "android", "gadgets", "unboxing", "fyp"],
        "handles": ["{first}tech", "tech.with.{first}", "{first}reviews"],
        "bios": ["tech reviews, no fluff 📱", "gadgets & honest takes"],
        "captions": ["{product} after {weeks} weeks: the truth", "{product} vs {competitor}: which should you buy?",
                     "{n} things nobody tells you about the {product}", "is the {product} worth {price}?",
                     "unboxing the {product} 📦", "¿Vale la pena el {product}? Mi opinión honesta"],
        "en": {
            "pos": ["the {feature} on the {product} is insane", "best phone I've ever owned honestly",
                    "battery lasts me almost {hours} hours of screen time", "the camera is so good I stopped using my DSLR"],
            "neg": ["the {product} overheats like crazy, not worth {price}", "same phone as last year with a new color lol",
                    "battery is really bad after the update", "{price} for this? absolutely not"],
            "mixed": ["great camera, mid battery", "love the screen but it gets hot when gaming", "good but not {price} good"],
            "complaint": ["mine arrived with a dead pixel and returns take {weeks} weeks", "the update bricked my phone",
                          "charger not included at {price} is criminal"],
            "comparison": ["the {competitor} does everything this does for less", "{brand} > {competitor} for cameras, no debate",
                           "my 3 year old {competitor} still beats this"],
            "experience": ["upgraded from my {competitor}, huge difference", "had it for {months} months, battery health still 100%",
                           "I use it for work every day, zero problems"],
            "question": ["is it worth upgrading from the {competitor}?", "how's the battery life?", "does it get hot?",
                         "what case is that?", "is the {feature} really that much better?", "should I wait for the next one?"],
            "intent_high": ["just preordered the {product} 📦", "ok ordered it in {color}",
                            "trading in my old phone tomorrow for the {product}"],
            "intent_med": ["is there a student discount?", "where's it cheapest right now?"],
        },
        "es": {"question": ["¿Vale la pena cambiar desde el {competitor}?"],
               "pos": ["La batería dura muchísimo, estoy feliz"], "neg": ["Muy caro para lo que ofrece"]},
        "pt": {"question": ["Vale a pena trocar?"], "neg": ["Aqui no Brasil tá custando um rim 😭"]},
        "fr": {"neg": ["Trop cher pour ce que c'est"]},
        "de": {"question": ["Lohnt sich das Upgrade vom {competitor}?"]},
        "it": {"neg": ["Costa troppo, resto col mio"]},
    },
    "thrift": {
        "durable": False,
        "slots": {
            "item": ["jacket", "jeans", "dress", "sweater", "bag", "boots"],
            "product": ["Carhartt jacket", "Levi's 501s", "Coach bag", "Ralph Lauren sweater", "Dr. Martens boots"],
            "brand": ["Levi's", "Carhartt", "Ralph Lauren", "Coach", "Patagonia", "Dr. Martens", "Burberry"],
            "competitor": ["Shein", "Zara", "H&M", "Urban Outfitters"],
            "price": ["$4", "$7.99", "$12", "$3.50", "$20"],
            "resale": ["$80", "$150", "$200", "$60"],
            "store": ["Goodwill", "Savers", "Salvation Army", "Buffalo Exchange"],
            "store2": ["Depop", "Vinted", "Poshmark"],
            "era": ["90s", "Y2K", "70s", "vintage"],
            "feature": ["fit", "color", "fabric"],
            "seller": ["Depop", "Vinted", "eBay", "Poshmark"],
        },
        "tags": ["thrifting", "thrifthaul", "goodwillfinds", "vintage", "sustainablefashion", "depop", "fyp"],
        "handles": ["thriftedby{first}", "{first}.thrifts", "{first}vintage"],
        "bios": ["thrift hauls & flips ♻️", "vintage reseller | shop my Depop"],
        "captions": ["found a {era} {brand} {item} for {price} at {store} 😱", "thrift with me: {store} edition",
                     "thrift flip: {item} into something cute", "my best thrift finds of the month",
                     "is reselling thrift finds ethical? let's talk", "Achados de brechó por menos de R$30 😱"],
        "en": {
            "pos": ["that {brand} {item} for {price}?? insane find", "the {era} {item} is gorgeous",
                    "you have such a good eye 😍", "this is why I love thrifting"],
            "neg": ["resellers buying everything to flip on Depop is really not ok", "{store} prices are not cheap anymore 🙄",
                    "thrifting to resell takes clothes from people who need them", "that's not vintage, that's just old lol"],
            "mixed": ["cute find but {resale} on Depop is crazy", "love the {item}, the styling is not it though"],
            "complaint": ["my Vinted order never arrived and support is useless", "{store} charged me {price} for a stained shirt",
                          "bought a 'vintage' {brand} {item} on Depop and it was fake"],
            "comparison": ["{store} is way better than {store2}", "Vinted > Depop for prices",
                           "better quality than anything from {competitor}"],
            "experience": ["I found a {brand} {item} at {store} for {price} last week!!",
                           "I've been thrifting for {n} years, never found anything like this", "my whole closet is thrifted now"],
            "question": ["which {store} is this?", "what city?", "how do you wash thrifted clothes?", "is that real {brand}?",
                         "how much would that resell for?", "what day do they restock?"],
            "intent_high": ["omg where is this, I'm going today", "just bought it off your Depop 🙌"],
            "intent_med": ["are you selling it?", "do you have a Depop?", "link to your shop?", "would you sell it for {resale}?"],
        },
        "es": {"pos": ["Esa chaqueta está hermosa"], "engagement": ["Qué suerte, yo nunca encuentro nada así 😭"],
               "question": ["¿En qué ciudad es?"]},
        "pt": {"pos": ["Brechó é vida 😍", "Que achado incrível!"]},
        "fr": {"engagement": ["Je trouve jamais rien en friperie 😭"]},
        "de": {"pos": ["Was für ein Fund, Wahnsinn"]},
        "it": {"pos": ["Che colpo di fortuna!"]},
    },
}

# Question -> answers that fit it (keyed by the exact template text; slots are shared with the question).
# Answers containing "bio", "pinned", "my Depop" or "my spot" are only ever given by the creator.
GENERIC_QA = {
    "en": {
        "is it worth it for {price}?": ["100% worth it imo", "for me yes!", "honestly wait for a sale"],
        "does it actually work or is it just the lighting?": ["no filter, I promise 😂", "it really works, no lighting tricks"],
        "how long have you had it?": ["about {months} months now!", "since last year"],
        "is this sponsored?": ["nope, bought it myself!", "not sponsored, I just love it"],
        "is it still on sale?": ["it was yesterday! check the link in my bio", "not anymore 😩"],
        "does it come in {color}?": ["yes! {color} is my fave", "not in {color} sadly"],
        "where can I buy this?": ["{seller}! linked in my bio", "I got mine on {seller}"],
        "how much?": ["{price} right now", "it was {price} when I got it"],
        "what's the price?": ["{price}!", "around {price}"],
        "price?": ["{price} 🙌", "{price} on {seller}"],
        "is it on amazon?": ["yes it is!", "it's on {seller} too"],
        "does it ship to {country}?": ["I think so, check the website!", "not yet sadly 😩"],
        "where did you get it??": ["{seller}!", "linked in my bio 🙌"],
        "is it on TikTok Shop?": ["yes! tap the orange cart", "it's in my showcase 🛒"],
    },
    "es": {
        "¿Vale la pena?": ["¡Totalmente! Yo lo uso todos los días", "Para mí sí 🙌"],
        "¿Es publicidad?": ["No, lo compré yo 😊"],
        "¿Cuánto cuesta?": ["Cuesta {price} más o menos", "Lo pagué {price}"],
        "¿Precio?": ["{price} 🙌"],
        "¿Dónde lo compro?": ["En {seller}, está en mi perfil", "¡En el link de mi perfil!"],
        "¿Hacen envíos a {country_es}?": ["Creo que sí, revisa la página", "Todavía no 😩"],
    },
    "pt": {
        "Vale a pena?": ["Pra mim vale muito!", "Vale sim 🙌"],
        "É publi?": ["Não, comprei com meu dinheiro 😂"],
        "Quanto custa?": ["Paguei uns {price}", "Uns {price}"],
        "Onde compra?": ["Tá no link da bio!", "Comprei na {seller}"],
        "Vende no Brasil?": ["Ainda não, infelizmente 😩", "Tem na Amazon Brasil!"],
    },
    "fr": {"Ça vaut le coup ?": ["Franchement oui !"], "C'est sponsorisé ?": ["Non, je l'ai acheté moi-même 😊"],
           "Ça coûte combien ?": ["Environ {price}"]},
    "de": {"Lohnt sich das?": ["Für mich auf jeden Fall!"], "Ist das Werbung?": ["Nein, selbst gekauft 😊"],
           "Was kostet das?": ["Ungefähr {price}"]},
    "it": {"Ne vale la pena?": ["Per me assolutamente sì!"], "È pubblicità?": ["No, l'ho comprato io 😊"],
           "Quanto costa?": ["Circa {price}"]},
}

QA = {
    "kitchen": {
        "en": {
            "what temp and how long?": ["400°F for {n} minutes, flip halfway", "390 for about {minutes} min, shake it once"],
            "does the {product} fit a whole chicken?": ["yes! I did a whole chicken in it, around {n} lbs", "a small one yes, I cut bigger ones in half"],
            "is it loud?": ["it's pretty quiet honestly", "about as loud as a microwave"],
            "do you need to preheat it?": ["no preheating needed with this one", "I do 3 min but you don't have to"],
            "what size basket is that?": ["it's the 6 qt one!", "8 qt, perfect for a family"],
            "can you use parchment paper in it?": ["yes! just make sure the food weighs it down", "yes, the perforated kind works best"],
            "is the {product} worth it for just one person?": ["honestly yes, I live alone and use it daily",
                                                               "the smaller one would be enough for you"],
            "what brand is this?": ["it's the {product}!", "{brand}, linked in my bio 🙌"],
            "which model is that?": ["the {product}!", "it's the {product}, the newer one"],
        },
        "es": {"¿Se puede hacer pan en la freidora de aire?": ["¡Sí! Queda buenísimo a 160 grados"]},
        "pt": {"Qual a temperatura?": ["200 graus por {minutes} minutos!"]},
    },
    "cooking": {
        "en": {
            "can I use bacon instead of {ingredient}?": ["you can, but {ingredient} is better!", "pancetta is closer, but bacon works"],
            "what pan is that?": ["it's the {product}, linked in bio", "{product}! had it for years"],
            "is the {product} oven safe?": ["yes, oven safe up to 500°F", "yes! that's why I love it"],
            "how do you keep the sauce from splitting?": ["take it off the heat before adding the eggs 🤌",
                                                          "pasta water, little by little, off the heat"],
            "can I make it ahead?": ["you can make the sauce a day ahead", "honestly it's best fresh"],
            "what knife do you use?": ["a Global chef's knife, had it {n} years", "it's linked in my bio!"],
            "where's the recipe?": ["recipe is pinned in comments", "full recipe in my bio 🙌"],
            "which {item} is that?": ["linked in my bio!", "it's all linked in my bio 🙌"],
        },
        "es": {"¿Con qué puedo reemplazar el {ingredient}?": ["Con panceta queda muy bien también"]},
    },
    "skincare": {
        "en": {
            "is this good for {skin} skin?": ["yes! I have {skin} skin and it works for me",
                                             "it's gentle enough for most skin types, patch test first"],
            "can I use it with retinol?": ["I wouldn't mix them, alternate nights", "yes but not in the same routine"],
            "morning or night?": ["I use it at night only, with SPF in the morning", "both! it's super gentle"],
            "does it pill under makeup?": ["not for me if I wait a minute before foundation", "a little if you use too much"],
            "how long until you saw results?": ["results after about {weeks} weeks for me", "around a month, be patient!"],
            "is it fungal acne safe?": ["I think so but double-check the ingredient list", "yes as far as I know!"],
            "does it leave a white cast?": ["no white cast at all, even on deeper skin", "a tiny bit, it disappears after a minute"],
            "what's the first product?": ["it's the {product}!", "{product} 💕"],
            "drop your full routine pls": ["everything is linked in my bio 💕", "full routine video coming this week!"],
            "where can I get the {product}?": ["{seller} has it!", "I got mine at {seller}"],
        },
        "es": {"¿Se consigue en México?": ["¡Sí! En Sephora México lo tienen", "Creo que en Amazon México sí"]},
    },
    "books": {
        "en": {
            "is it spicy?": ["it's pretty spicy, chapter {n} 🌶️", "medium spice, nothing too crazy"],
            "how many books are in the series?": ["there are {n} books so far!", "it's a trilogy (for now 👀)"],
            "do I need to read {book2} first?": ["no, it's a standalone!", "yes read {book2} first!"],
            "is the audiobook good?": ["the audiobook is amazing, highly recommend", "the narrator is so good, yes"],
            "what's the reading order?": ["publication order is the way to go", "I pinned the reading order in comments"],
            "any trigger warnings?": ["check the author's website for CWs 💛", "yes, there's a list at the front of the book"],
            "where did you get that edition?": ["got it at Barnes & Noble!", "it's the {seller} exclusive edition"],
            "is this on Kindle Unlimited?": ["yes it is!", "not anymore sadly"],
        },
        "es": {"¿Está en español?": ["¡Sí, ya salió en español!", "Todavía no, pero sale pronto"]},
        "pt": {"Tem em português?": ["Tem sim! Saiu ano passado"]},
        "fr": {"Il existe en français ?": ["Oui, il est sorti l'an dernier !"]},
        "de": {"Gibt es das auch auf Deutsch?": ["Ja, seit letztem Jahr!"]},
        "it": {"Esiste in italiano?": ["Sì, è uscito da poco!"]},
    },
    "drinkware": {
        "en": {
            "is it dishwasher safe?": ["yes the lid is dishwasher safe, I hand wash the cup", "yes! top rack"],
            "does the straw lid leak?": ["the newer lid doesn't leak if you close it", "a little if it tips over, not gonna lie"],
            "what size is that, 30 or 40?": ["it's the 40oz!", "30oz, the 40 was too heavy for me"],
            "where did you find {color}??": ["found it at Target this morning 🎯", "online restock last week!"],
            "is it worth it over the {competitor}?": ["for ice retention yes", "honestly the {competitor} is great too"],
            "does it fit in a cup holder?": ["it fits in most cup holders!", "yes, that's why I got the 40oz"],
            "is {color} still in stock anywhere?": ["sold out online but check Target in store!", "I saw it on Amazon yesterday"],
        },
        "de": {"Ist das spülmaschinenfest?": ["Der Deckel ja, den Becher spüle ich per Hand"]},
    },
    "running": {
        "en": {
            "true to size?": ["I'd go half a size up!", "true to size for me"],
            "good for wide feet?": ["they're decent for wide feet, try the wide version", "not really, the toe box is narrow"],
            "how many km do they last?": ["I get around {km} km out of a pair", "about {km} km before the foam feels dead"],
            "good for flat feet?": ["they work for my flat feet!", "you might want something with more support"],
            "can you use them at the gym?": ["I wouldn't lift in them, too soft", "fine for cardio, not for lifting"],
            "which is better for a beginner?": ["great for beginners honestly", "the {product}, super forgiving"],
            "are they on sale anywhere?": ["{seller} had them 20% off last week", "check {seller}, they drop prices often"],
            "what's the price on the {product}?": ["{price} full price", "I paid {price}"],
        },
        "es": {"¿Sirven para pie plano?": ["A mí me funcionan bien con pie plano"]},
    },
    "matcha": {
        "en": {
            "which matcha brand is that?": ["{product}! link in bio 🍵", "it's {brand}, my favorite"],
            "ceremonial or culinary?": ["ceremonial for lattes, always", "ceremonial! culinary is for baking"],
            "how many grams do you use?": ["2 grams + 60 ml water at 80°C", "about a teaspoon, 2g"],
            "do you sift it first?": ["yes always sift, no clumps", "every time, it makes a huge difference"],
            "what water temperature?": ["around 80°C, never boiling", "75-80°C, boiling water makes it bitter"],
            "is it better hot or iced?": ["I like it iced with {milk}", "iced in summer, hot in winter"],
            "where do you get your matcha?": ["{product} from {seller}", "linked in my bio!"],
            "link to the whisk?": ["it's in my bio 🍵"],
        },
        "es": {"¿Qué marca usas?": ["{product}, ¡me encanta!"]},
    },
    "tech": {
        "en": {
            "is it worth upgrading from the {competitor}?": ["if you're on the {competitor} I'd wait honestly",
                                                             "if your battery is dying, yes"],
            "how's the battery life?": ["about {hours} hours of screen time for me", "easily a full day"],
            "does it get hot?": ["it gets warm when gaming but that's it", "only when fast charging"],
            "what case is that?": ["case is linked in my bio!", "it's a cheap one from Amazon lol"],
            "is the {feature} really that much better?": ["the {feature} is a real upgrade, yes",
                                                          "honestly it's a small difference"],
            "should I wait for the next one?": ["if you can wait, wait", "there's always a next one, buy when you need it"],
            "is there a student discount?": ["yes, check the education store!", "{seller} has one I think"],
            "where's it cheapest right now?": ["{seller} has the best deal rn", "check {seller}, it was {price}"],
        },
        "es": {"¿Vale la pena cambiar desde el {competitor}?": ["Si tu batería está bien, yo esperaría"]},
        "de": {"Lohnt sich das Upgrade vom {competitor}?": ["Ehrlich gesagt nur, wenn der Akku schwächelt"]},
    },
    "thrift": {
        "en": {
            "which {store} is this?": ["it's the {store} on Main Street!", "not saying, it's my spot 🤫"],
            "what city?": ["Portland!", "Houston area 👀"],
            "how do you wash thrifted clothes?": ["hot wash + vinegar always", "vinegar soak then a normal wash"],
            "is that real {brand}?": ["yes it's real, the tag checks out", "100%, I checked the tags and stitching"],
            "how much would that resell for?": ["probably {resale} on Depop", "around {resale} I think"],
            "what day do they restock?": ["Tuesdays are restock days 👀", "usually Monday mornings"],
            "are you selling it?": ["it's listed on my Depop, link in bio", "nope, keeping this one 😅"],
            "do you have a Depop?": ["yes! link in bio"],
        },
        "es": {"¿En qué ciudad es?": ["¡En Guadalajara!"]},
    },
}
VIDEO_SHARED_SLOTS = ("product", "price", "brand", "competitor")
CREATOR_ONLY_MARKERS = ("bio", "pinned", "my Depop", "my spot", "my showcase")

CATEGORY_BASE = {"pos": 16, "neg": 7, "mixed": 5, "sarcasm": 2, "intent_high": 6, "intent_med": 12, "intent_low": 3,
                 "complaint": 5, "comparison": 4, "experience": 7, "question": 9, "engagement": 8, "emoji": 6,
                 "spam": 3, "slang": 7}
VIBES = [("positive", 35), ("negative", 15), ("controversial", 15), ("hype", 20), ("neutral", 15)]
VIBE_MULT = {
    "positive": {"pos": 2.0, "neg": 0.4, "complaint": 0.5, "experience": 1.3},
    "negative": {"neg": 2.5, "complaint": 2.2, "pos": 0.5, "sarcasm": 1.5, "intent_high": 0.4},
    "controversial": {"neg": 1.6, "pos": 1.2, "mixed": 1.8, "sarcasm": 2.5, "comparison": 1.8},
    "hype": {"intent_high": 2.2, "intent_med": 1.6, "intent_low": 1.4, "pos": 1.2},
    "neutral": {},
}
LANG_BASE = [("en", 65), ("es", 13), ("pt", 9), ("fr", 5), ("de", 5), ("it", 4)]
EN_ONLY = {"slang", "fan"}
SHORT_CATS = ["intent_med", "engagement", "emoji", "spam", "slang", "intent_high", "pos"]

# Reply planning: parent category -> [(reply kind, weight)], and which follow-up kind answers it.
REPLY_PLAN = {
    "question": [("creator_answer", 6), ("answer_other", 4)],
    "intent_med": [("creator_answer", 5), ("answer_other", 5)],
    "complaint": [("creator_sorry", 3), ("complaint_support", 6), ("disagree_neg", 1)],
    "pos": [("creator_thanks", 4), ("agree", 4), ("disagree_pos", 2)],
    "experience": [("creator_thanks", 3), ("agree", 4), ("disagree_pos", 2)],
    "intent_high": [("creator_thanks", 5), ("agree", 3), ("laugh", 1)],
    "neg": [("disagree_neg", 5), ("agree", 4), ("laugh", 1)],
    "mixed": [("disagree_neg", 3), ("agree", 5)],
    "sarcasm": [("laugh", 4), ("defend", 3), ("agree", 2)],
    "comparison": [("disagree_cmp", 5), ("agree", 4)],
    "engagement": [("laugh", 4), ("creator_thanks", 3), ("agree", 2)],
    "slang": [("laugh", 3), ("agree", 3)],
    "emoji": [("laugh", 3), ("agree", 1)],
    "fan": [("creator_thanks", 6), ("agree", 3)],
    "intent_low": [("laugh", 3), ("agree", 3)],
    "spam": [("spam_callout", 1)],
}
FOLLOW_FOR = {"creator_answer": "after_answer", "answer_other": "after_answer", "disagree_neg": "after_disagree_neg",
              "disagree_pos": "after_disagree_pos", "defend": "after_defend", "disagree_cmp": "after_disagree_cmp",
              "creator_sorry": "after_complaint", "complaint_support": "after_complaint", "agree": "after_agree",
              "laugh": "after_laugh", "creator_thanks": "after_agree"}
FOLLOW_P = {"after_answer": 0.5, "after_answer_buy": 0.5, "after_disagree_neg": 0.55, "after_disagree_pos": 0.5,
            "after_disagree_cmp": 0.5, "after_defend": 0.4, "after_complaint": 0.45}
THREAD_WEIGHT = {"question": 3.0, "intent_med": 2.2, "complaint": 3.0, "neg": 2.0, "comparison": 2.0, "sarcasm": 1.5,
                 "mixed": 1.5, "pos": 1.0, "experience": 1.0, "intent_high": 0.8, "fan": 1.0, "engagement": 0.4,
                 "slang": 0.4, "emoji": 0.2, "intent_low": 0.4, "spam": 0.3}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def pick_weighted(rng, items):
    total = sum(w for _, w in items)
    r = rng.random() * total
    for value, weight in items:
        r -= weight
        if r < 0:
            return value
    return items[-1][0]


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Slots(dict):
    """format_map source: picks a value on first use, so a slot repeated in one template agrees."""

    def __init__(self, rng, sources):
        super().__init__()
        self.rng = rng
        self.sources = sources

    def __missing__(self, key):
        for src in self.sources:
            bundles = src.get("_bundles") if isinstance(src, dict) else None
            if bundles and any(key in b for b in bundles):
                # linked values (e.g. a product with its real price and its rivals)
                for k, v in self.rng.choice([b for b in bundles if key in b]).items():
                    if k not in self:
                        self[k] = v if isinstance(v, str) else self.rng.choice(v)
                return self[key]
            if key in src:
                v = src[key]
                if isinstance(v, str):
                    val = v
                elif callable(v):
                    val = v(self.rng)
                else:
                    val = self.rng.choice(v)
                self[key] = val
                return val
        raise KeyError(key)


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class IdMint:
    """Snowflake-like ids: (epoch seconds << 32) | 32 random bits, unique within a run."""

    def __init__(self):
        self.used = set()

    def make(self, rng, ts):
        while True:
            v = (ts << 32) | rng.getrandbits(32)
            if v not in self.used:
                self.used.add(v)
                return str(v)


def rand_uid(rng):
    return str(rng.randint(6_700_000_000_000_000_000, 7_400_000_000_000_000_000))


# --------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------

class TargetGen:
    def __init__(self, seed, kind, name, profile_key, account, n_videos, cmin, cmax, mint, oddities, last_has_more):
        self.rng = random.Random(f"{seed}|{kind}|{name}")
        self.kind, self.name = kind, name
        self.profile_key = profile_key
        self.profile = PROFILES[profile_key]
        self.meta = {}  # id(top-level comment) -> (answers, slots)
        self.vslots = {}  # aweme_id -> slot values the video's comments mostly share
        self.account = account
        self.n_videos, self.cmin, self.cmax = n_videos, cmin, cmax
        self.mint = mint
        self.oddities = oddities          # dict: feed index -> set of oddity names
        self.last_has_more = last_has_more
        self.edge = EDGE_CASES.get((kind, name), {})
        self.slot_sources = [self.profile["slots"], self.profile.get("slots_extra", {}), GENERIC_SLOTS]
        self.users = {lang: [] for lang in FIRST}
        self.report = {"oddities": [], "comments": 0, "replies": 0, "depth3": 0, "langs": {}, "examples": []}

    # ---- text -------------------------------------------------------------
    def fill(self, template, extra=None, keep=False):
        srcs = self.slot_sources if extra is None else [extra] + self.slot_sources
        slots = Slots(self.rng, srcs)
        text = re.sub(r"\b([Tt]he) The ", r"\1 ", template.format_map(slots))
        return (text, slots) if keep else text

    def usable(self, pool):
        out = []
        for t in pool:
            if t.startswith("D|"):
                if self.profile["durable"]:
                    out.append(t[2:])
            else:
                out.append(t)
        return out

    def comment_text(self, cat, lang, vslots=None):
        """Returns (text, lang, answers, slots) or None if nothing fits this language.

        answers: replies that fit this exact question (from QA / GENERIC_QA), filled with the same slots."""
        rng = self.rng
        if cat == "emoji":
            return rng.choice(EMOJI_ONLY), "un", None, None
        if cat == "fan":
            return self.fill(rng.choice(self.account["fan"])), "en", None, None
        if cat == "spam":
            if rng.random() < 0.12:
                return rng.choice(GENERIC["es"]["spam"]), "es", None, None
            return rng.choice(GENERIC["en"]["spam"]), "en", None, None
        topic = self.usable(self.profile.get(lang, {}).get(cat, []))
        generic = self.usable(GENERIC.get(lang, {}).get(cat, []))
        if not topic and not generic:
            return None
        if topic and (not generic or rng.random() < (0.6 if lang == "en" else 0.5)):
            t = rng.choice(topic)
        else:
            t = rng.choice(generic)
        answers = QA.get(self.profile_key, {}).get(lang, {}).get(t) or GENERIC_QA.get(lang, {}).get(t)
        text, slots = self.fill(t, extra=vslots if rng.random() < 0.85 else None, keep=True)
        if lang == "en":
            text = self.style_en(text, cat)
        return text, lang, answers, slots

    def style_en(self, text, cat):
        rng = self.rng
        r = rng.random()
        if r < 0.18:
            text = text.lower()
        elif r < 0.22 and len(text) < 40 and cat in ("pos", "intent_high", "intent_med", "engagement", "slang"):
            text = text.upper()
        if rng.random() < 0.12 and cat in CAT_EMOJI and text[-1].isascii():
            text = text + " " + rng.choice(CAT_EMOJI[cat]) * rng.randint(1, 3)
        return text

    # ---- people -----------------------------------------------------------
    def new_user(self, lang):
        rng = self.rng
        first = rng.choice(FIRST[lang])
        last = rng.choice(LAST[lang])
        f_ascii, l_ascii = ascii_fold(first), ascii_fold(last)
        style = rng.random()
        if style < 0.12:
            digits = str(rng.randint(10 ** 9, 10 ** 11))
            uid_name = "user" + digits
            nick = uid_name
        else:
            handle = rng.choice(["{f}.{l}", "{f}_{d}", "{f}{l}{y}", "its{f}", "{f}xo", "{f}.{l}{d}", "_{f}{l}", "{f}__{d}"])
            uid_name = handle.format(f=f_ascii, l=l_ascii, d=rng.randint(1, 999), y=f"{rng.randint(0, 99):02d}")
            nick = rng.choice(["{F}", "{F} {L}.", "{f} ✨", "{F} {Lf}", "{f}🌸", "{F}!!", "{f} {l}"]).format(
                F=first.capitalize(), L=last[0].upper(), f=first, l=last, Lf=last.capitalize())
        return {"uid": rand_uid(rng), "nickname": nick, "unique_id": uid_name}

    def commenter(self, lang):
        """Mostly fresh users, sometimes a returning one."""
        pool_lang = lang if lang in self.users else "en"
        pool = self.users[pool_lang]
        if pool and self.rng.random() < 0.18:
            return self.rng.choice(pool)
        u = self.new_user(pool_lang)
        pool.append(u)
        return u

    def spammer(self):
        uname, nick = self.rng.choice(SPAMMERS)
        key = "spam:" + uname
        if key not in self.users:
            self.users[key] = {"uid": rand_uid(self.rng), "nickname": nick, "unique_id": uname}
        return self.users[key]

    def make_creator(self):
        rng = self.rng
        if self.account is not None:
            if "user" not in self.account:
                self.account["user"] = {"uid": rand_uid(rng), "nickname": self.account["nickname"],
                                        "unique_id": self.name, "signature": self.account["signature"],
                                        "region": self.account["region"]}
            return dict(self.account["user"])
        region = pick_weighted(rng, CREATOR_REGIONS)
        lang = REGION_LANG[region]
        first = rng.choice(FIRST[lang])
        handle = rng.choice(self.profile["handles"]).format(first=ascii_fold(first))
        if rng.random() < 0.3:
            handle += str(rng.randint(1, 99))
        nick = rng.choice(["{F}", "{F} | {t}", "{F} ✨", "{f}"]).format(
            F=first.capitalize(), f=first, t=rng.choice(self.profile["tags"][:3]))
        return {"uid": rand_uid(rng), "nickname": nick, "unique_id": handle,
                "signature": rng.choice(self.profile["bios"]), "region": region}

    # ---- videos -----------------------------------------------------------
    def make_video(self, creator_pool):
        rng = self.rng
        if self.account is None and creator_pool and rng.random() < 0.2:
            author = dict(rng.choice(creator_pool))
        else:
            author = self.make_creator()
            creator_pool.append(author)
        ct = BASE_EPOCH - rng.randint(3 * 86400, 110 * 86400)
        aweme_id = self.mint.make(rng, ct)
        vslots = Slots(rng, self.slot_sources)
        vslots["product"]  # every video is about one product; most comments reuse it
        caption = re.sub(r"\b([Tt]he) The ", r"\1 ", rng.choice(self.profile["captions"]).format_map(vslots))
        shared = {k: vslots[k] for k in VIDEO_SHARED_SLOTS if k in vslots}
        for b in self.profile["slots"].get("_bundles", []):
            if b["product"] == vslots["product"]:
                shared.update({k: v for k, v in b.items() if isinstance(v, list) and k not in VIDEO_SHARED_SLOTS})
        self.vslots[aweme_id] = shared
        tags = []
        if self.kind == "hashtag":
            tags.append(self.name)
        for t in rng.sample(self.profile["tags"], rng.randint(2, 4)):
            if t not in tags:
                tags.append(t)
        if self.kind == "hashtag" and rng.random() < 0.3:  # target tag not always first
            rng.shuffle(tags)
        if "fyp" not in tags and rng.random() < 0.3:
            tags.append(rng.choice(["fyp", "foryou", "viral"]))
        desc = caption + " " + " ".join("#" + t for t in tags)
        text_extra = []
        pos = len(caption) + 1
        for t in tags:
            start = utf16_len(desc[:pos])
            end = start + utf16_len("#" + t)
            text_extra.append({"hashtag_name": t, "start": start, "end": end})
            pos += len(t) + 2
        # floor keeps plays >> likes >> comment_count even after comment_count is raised to the emitted count
        plays = max(int(rng.uniform(30000, 45000)), int(rng.lognormvariate(math.log(120000), 1.3)))
        likes = int(plays * rng.uniform(0.03, 0.12))
        stats = {
            "digg_count": likes,
            "comment_count": int(likes * rng.uniform(0.004, 0.03)),
            "play_count": plays,
            "share_count": int(likes * rng.uniform(0.005, 0.08)),
            "collect_count": int(likes * rng.uniform(0.02, 0.2)),
        }
        stats["download_count"] = int(stats["share_count"] * rng.uniform(0.05, 0.5))
        if rng.random() < 0.55:
            music_title, music_author = "original sound - " + author["nickname"], author["nickname"]
        else:
            music_title, music_author = rng.choice(SONGS)
        music_id = ((BASE_EPOCH - rng.randint(10, 900) * 86400) << 32) | rng.getrandbits(32)
        duration = int(rng.triangular(6000, 180000, 24000))
        return {
            "aweme_id": aweme_id,
            "desc": desc,
            "create_time": ct,
            "author": author,
            "statistics": stats,
            "share_url": f"https://www.tiktok.com/@{author['unique_id']}/video/{aweme_id}",
            "cha_list": [{"cha_name": t} for t in tags],
            "text_extra": text_extra,
            "video": {"duration": duration},
            "music": {"id": music_id, "id_str": str(music_id), "title": music_title, "author": music_author},
            "region": author["region"],
            "is_top": 0,
            "aweme_type": 0,
            "is_ads": False,
            "item_comment_settings": 0,
        }

    # ---- comments ---------------------------------------------------------
    def comment_obj(self, video, text, ct, digg, user, lang, reply_id="0", rtr="0"):
        cid = self.mint.make(self.rng, ct)
        return {"cid": cid, "aweme_id": video["aweme_id"], "text": text, "create_time": ct, "digg_count": digg,
                "user": user, "reply_id": reply_id, "reply_to_reply_id": rtr, "reply_comment_total": 0,
                "reply_comment": None, "comment_language": lang}

    def top_time(self, vt):
        delay = int(self.rng.expovariate(1 / (3600 * 20))) + self.rng.randint(20, 600)
        return min(vt + delay, max(vt + 60, BASE_EPOCH - 86400 - self.rng.randint(0, 3600)))

    def after(self, prev, mean):
        """A time after prev, kept before BASE_EPOCH (the notional scrape time)."""
        t = prev + int(self.rng.expovariate(1 / mean)) + self.rng.randint(15, 300)
        if t >= BASE_EPOCH:
            t = prev + self.rng.randint(15, max(15, (BASE_EPOCH - prev) // 2))
        return t

    def gen_comments(self, video, vidx, vibe):
        rng = self.rng
        vt = video["create_time"]
        creator = {k: video["author"][k] for k in ("uid", "nickname", "unique_id")}
        total = rng.randint(self.cmin, self.cmax)
        n_replies = int(round(total * rng.uniform(0.15, 0.25))) if total >= 4 else 0
        n_top = total - n_replies
        n_dups = min(max(0, n_top - 1), rng.choice([1, 1, 2, 2, 3]))
        weights = dict(CATEGORY_BASE)
        for k, m in VIBE_MULT[vibe].items():
            weights[k] = weights[k] * m
        if self.account is not None:
            weights["fan"] = 5
        cat_items = list(weights.items())
        lang_items = list(LANG_BASE)
        region_lang = REGION_LANG.get(video["author"].get("region", "US"), "en")
        if region_lang != "en":
            lang_items = [(l, w * (4 if l == region_lang else 1)) for l, w in lang_items]
        like_scale = max(3.0, video["statistics"]["digg_count"] / 400.0)

        tops = []  # list of (comment, category)
        while len(tops) < n_top - n_dups:
            cat = pick_weighted(rng, cat_items)
            lang = "en" if cat in EN_ONLY else pick_weighted(rng, lang_items)
            vs = self.vslots.get(video["aweme_id"])
            got = self.comment_text(cat, lang, vs)
            if got is None:
                got = self.comment_text(cat, "en", vs)
            text, lang, answers, slots = got
            user = self.spammer() if cat == "spam" else self.commenter(lang if lang != "un" else "en")
            if cat == "spam":
                digg = rng.randint(0, 3)
            else:
                digg = int(rng.lognormvariate(math.log(like_scale * 0.15), 1.7))
                digg = min(digg, video["statistics"]["digg_count"])
            c = self.comment_obj(video, text, self.top_time(vt), digg, user, lang)
            self.meta[id(c)] = (answers, slots)
            tops.append((c, cat))
        # exact duplicate texts, new cids (same user for spam copy-paste)
        for _ in range(n_dups):
            cands = [t for t in tops if t[1] in SHORT_CATS] or tops
            src, cat = rng.choice(cands)
            user = src["user"] if cat == "spam" else self.commenter(src["comment_language"]
                                                                    if src["comment_language"] in FIRST else "en")
            digg = rng.randint(0, 3) if cat == "spam" else int(rng.lognormvariate(math.log(like_scale * 0.05), 1.5))
            c = self.comment_obj(video, src["text"], self.top_time(vt), digg, user, src["comment_language"])
            self.meta[id(c)] = self.meta.get(id(src), (None, None))
            tops.insert(rng.randint(0, len(tops)), (c, cat))

        # edge-case injections (replace a non-first comment's text/user)
        for idx, text, hcat, hanswers in self.edge.get("html", []):
            if idx == vidx and len(tops) > 3:
                tops[3][0]["text"] = text
                tops[3][0]["comment_language"] = "en"
                tops[3] = (tops[3][0], hcat)
                self.meta[id(tops[3][0])] = (hanswers, None)
                self.report["oddities"].append(f"html entities: video {vidx} {video['aweme_id']} cid {tops[3][0]['cid']}")
        for idx, text in self.edge.get("blank", []):
            if idx == vidx and len(tops) > 5:
                tops[5][0]["text"] = text
                self.report["oddities"].append(f"blank text {text!r}: video {vidx} {video['aweme_id']} cid {tops[5][0]['cid']}")
        if vidx in self.edge.get("null_user", []) and len(tops) > 7:
            tops[7][0]["user"] = None
            self.report["oddities"].append(f"user null: video {vidx} {video['aweme_id']} cid {tops[7][0]['cid']}")
        protected = {id(t[0]) for t in tops if t[0]["user"] is None or not t[0]["text"].strip()}

        # replies
        made = 0
        thread_w = {id(c): THREAD_WEIGHT.get(cat, 0.5) * (1 + math.log1p(c["digg_count"]) / 3) for c, cat in tops}
        attempts = 0
        while made < n_replies and attempts < 10 * n_replies + 10:
            attempts += 1
            cands = [(t, thread_w[id(t[0])]) for t in tops if id(t[0]) not in protected and thread_w[id(t[0])] > 0]
            if not cands:
                break
            parent, pcat = pick_weighted(rng, cands)
            thread_w[id(parent)] *= 0.35
            made += self.add_thread(video, creator, parent, pcat, n_replies - made)

        # int cids (~2%), after all references were made as strings
        for c, _ in tops:
            if rng.random() < 0.02 and c["user"] is not None:
                c["cid"] = int(c["cid"])
            for r in c["reply_comment"] or []:
                if rng.random() < 0.02:
                    r["cid"] = int(r["cid"])

        # TikTok-style ordering: "hot" first (likes with noise), creator-liked replies help
        tops.sort(key=lambda t: -(math.log1p(t[0]["digg_count"]) + rng.uniform(0, 2.5)
                                  + 0.6 * (t[0]["reply_comment_total"] > 0)))
        comments = [c for c, _ in tops]
        n_rep = sum(c["reply_comment_total"] for c in comments)
        self.report["comments"] += len(comments) + n_rep
        self.report["replies"] += n_rep
        for c in comments:
            for x in [c] + (c["reply_comment"] or []):
                self.report["langs"][x["comment_language"]] = self.report["langs"].get(x["comment_language"], 0) + 1
                if x["reply_to_reply_id"] != "0":
                    self.report["depth3"] += 1
        return comments

    def add_thread(self, video, creator, parent, pcat, budget):
        rng = self.rng
        lang = parent["comment_language"] if parent["comment_language"] in REPLY else "en"
        plan = REPLY_PLAN.get(pcat, [("agree", 1)])
        answers, qslots = self.meta.get(id(parent), (None, None))
        replies = parent["reply_comment"] or []
        used = {x["text"] for x in replies}
        creator_done = any(x["user"] is creator for x in replies)
        n = 0
        n_first = 1 + (rng.random() < 0.25) + (rng.random() < 0.1)
        for _ in range(n_first):
            if n >= budget:
                break
            kind = pick_weighted(rng, plan)
            if kind.startswith("creator_") and creator_done:
                kind = {"creator_answer": "answer_other", "creator_sorry": "complaint_support"}.get(kind, "agree")
            if kind not in REPLY["en"]:
                kind = "agree"
            r_lang = lang if kind in REPLY[lang] else "en"
            text = None
            for _attempt in range(4):
                if kind == "creator_answer":
                    if answers:
                        cand = self.fill(rng.choice(answers), extra=qslots)
                    else:
                        key = "creator_link" if pcat == "intent_med" else "creator_answer"
                        cand = self.fill(rng.choice(REPLY[r_lang].get(key) or REPLY["en"][key]))
                elif kind == "answer_other" and answers and rng.random() < 0.6:
                    ok = [a for a in answers if not any(m in a for m in CREATOR_ONLY_MARKERS)]
                    cand = self.fill(rng.choice(ok), extra=qslots) if ok else self.fill(rng.choice(REPLY[r_lang][kind]))
                else:
                    pool = self.usable(REPLY[r_lang][kind]) or self.usable(REPLY["en"][kind])
                    cand = self.fill(rng.choice(pool))
                if cand not in used:
                    text = cand
                    break
            if text is None:
                continue
            used.add(text)
            is_creator = kind.startswith("creator_")
            creator_done = creator_done or is_creator
            author = creator
            if not is_creator:
                for _attempt in range(5):
                    author = self.commenter(r_lang)
                    if author is not parent["user"]:
                        break
            prev_t = max([parent["create_time"]] + [x["create_time"] for x in replies])
            ct = self.after(prev_t, 3600 * 5)
            digg = int(rng.lognormvariate(math.log(max(1, parent["digg_count"]) * (0.3 if is_creator else 0.08) + 1), 1.0))
            r = self.comment_obj(video, text, ct, digg, author, r_lang, reply_id=parent["cid"])
            replies.append(r)
            n += 1
            # depth 3: the parent's author answers this reply
            fkind = FOLLOW_FOR.get(kind)
            if fkind == "after_answer" and pcat == "intent_med":
                fkind = "after_answer_buy"
            p_follow = FOLLOW_P.get(fkind, 0.15)
            if fkind and n < budget and rng.random() < p_follow and parent["user"] not in (None, author):
                f_lang = r_lang if fkind in FOLLOW.get(r_lang, {}) else "en"
                ftext = self.fill(rng.choice(self.usable(FOLLOW[f_lang][fkind]) or self.usable(FOLLOW["en"][fkind])))
                if ftext in used:
                    continue
                used.add(ftext)
                fct = self.after(ct, 3600 * 3)
                f = self.comment_obj(video, ftext, fct, rng.randint(0, max(1, digg // 2)), parent["user"], f_lang,
                                     reply_id=parent["cid"], rtr=r["cid"])
                replies.append(f)
                n += 1
        replies.sort(key=lambda x: x["create_time"])
        parent["reply_comment"] = replies or None
        parent["reply_comment_total"] = len(replies)
        return n

    def comment_pages(self, video, comments, dup_here):
        rng = self.rng
        style = pick_weighted(rng, [(("bool", "int"), 40), (("int", "int"), 30), (("bool", "str"), 15), (("int", "str"), 15)])
        total = len(comments) + sum(c["reply_comment_total"] for c in comments)
        chunks = [comments[i:i + COMMENT_PAGE_SIZE] for i in range(0, len(comments), COMMENT_PAGE_SIZE)] or [[]]
        pages = []
        for pi, chunk in enumerate(chunks):
            last = pi == len(chunks) - 1
            items = list(chunk)
            if dup_here and pi == 1:
                items = [chunks[0][-1]] + items
            nxt = min((pi + 1) * COMMENT_PAGE_SIZE, len(comments))
            hm = (not last) if style[0] == "bool" else (0 if last else 1)
            cur = nxt if style[1] == "int" else str(nxt)
            pages.append({"status": "ok", "data": {"comments": items, "has_more": hm, "cursor": cur, "total": total}})
        return pages, total

    # ---- target -----------------------------------------------------------
    def build(self):
        rng = self.rng
        creator_pool = []
        videos = [self.make_video(creator_pool) for _ in range(self.n_videos)]
        if self.kind == "account":
            videos.sort(key=lambda v: -v["create_time"])
            n_pin = min(len(videos) - 1, rng.choice([1, 2, 2, 3])) if len(videos) > 3 else 0
            # pin some older, popular videos
            older = sorted(videos[len(videos) // 3:], key=lambda v: -v["statistics"]["play_count"])[:n_pin]
            pinned = sorted(older, key=lambda v: -v["create_time"])
            for v in pinned:
                v["is_top"] = 1
            videos = pinned + [v for v in videos if not v["is_top"]]
        else:
            videos.sort(key=lambda v: -(v["statistics"]["play_count"] * rng.uniform(0.6, 1.4)))

        comment_pages = {}
        dup_done = not self.edge.get("dup_page")
        for vidx, v in enumerate(videos):
            vibe = pick_weighted(rng, VIBES)
            comments = self.gen_comments(v, vidx, vibe)
            dup_here = False
            if not dup_done and len(comments) > COMMENT_PAGE_SIZE:
                dup_here = dup_done = True
                self.report["oddities"].append(
                    f"duplicate cid across pages: video {vidx} {v['aweme_id']} cid {comments[COMMENT_PAGE_SIZE - 1]['cid']}")
            pages, total = self.comment_pages(v, comments, dup_here)
            comment_pages[v["aweme_id"]] = pages
            st = v["statistics"]
            st["comment_count"] = max(st["comment_count"], total + rng.randint(0, 60))
            if not self.report["examples"] and comments:
                self.report["examples"] = [c["text"] for c in comments[:12]]
            self.apply_oddities(v, vidx)

        feed_pages = []
        chunks = [videos[i:i + FEED_PAGE_SIZE] for i in range(0, len(videos), FEED_PAGE_SIZE)] or [[]]
        for pi, chunk in enumerate(chunks):
            last = pi == len(chunks) - 1
            hm = self.last_has_more if last else 1
            data = {"aweme_list": chunk, "has_more": hm}
            if self.kind == "hashtag":
                data["cursor"] = "0" if last else str((pi + 1) * FEED_PAGE_SIZE)
            else:
                times = [self.int_time(v) * 1000 for v in chunk if not v["is_top"]] or \
                    [self.int_time(v) * 1000 for v in chunk] or [0]
                data["max_cursor"] = 0 if last else min(times)
                data["min_cursor"] = max(times)
            feed_pages.append({"status": "ok", "data": data})
        return {"target": {"kind": self.kind, "name": self.name}, "feed_pages": feed_pages,
                "comment_pages": comment_pages}

    @staticmethod
    def int_time(v):
        return int(v["create_time"])

    def apply_oddities(self, v, vidx):
        rng = self.rng
        odd = self.oddities.get(vidx, ())
        tag = f"video {vidx} {v['aweme_id']}"
        if "time_str" in odd:
            v["create_time"] = str(v["create_time"])
            self.report["oddities"].append(f"create_time string: {tag}")
        if "stats_str" in odd:
            keys = list(v["statistics"].keys())
            for k in rng.sample(keys, rng.randint(2, len(keys))):
                v["statistics"][k] = str(v["statistics"][k])
            self.report["oddities"].append(f"statistics numeric strings: {tag}")
        if "share_info" in odd:
            url = v.pop("share_url")
            new = {}
            for k, val in v.items():  # keep the key where share_url was
                new[k] = val
                if k == "statistics":
                    new["share_info"] = {"share_url": f"{url}?_r=1&u_code={rng.getrandbits(40):x}&utm_source=copy"}
            v.clear()
            v.update(new)
            self.report["oddities"].append(f"share_info.share_url only: {tag}")
        if "no_region" in odd:
            v["author"].pop("region", None)
            self.report["oddities"].append(f"author.region missing: {tag}")
        if vidx in self.edge.get("no_stats", []):
            del v["statistics"]
            self.report["oddities"].append(f"statistics missing: {tag}")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description="Generate the TagPulse offline TikTok corpus (deterministic).")
    p.add_argument("--out", default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                                  "Sources", "TagPulseEngine", "Resources", "corpus")))
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--videos", type=int, default=None)
    p.add_argument("--comments", default=None, help="MIN:MAX comments per video (top-level + replies)")
    p.add_argument("--full", action="store_true", help="the shipped size (the default): 30 hashtags, 10 accounts, 20 videos, 50-90 comments")
    p.add_argument("--small", action="store_true", help="8 hashtags, 3 accounts, 12 videos, 30-70 comments (quick experiments)")
    p.add_argument("--plain", action="store_true", help="write .json instead of gzip-compressed .json.gz target files")
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    a.full = not a.small
    a.videos = a.videos if a.videos is not None else (20 if a.full else 12)
    spec = a.comments or ("50:90" if a.full else "30:70")
    try:
        lo, hi = (int(x) for x in spec.split(":"))
    except ValueError:
        p.error("--comments must be MIN:MAX")
    if lo < 0 or hi < lo or a.videos < 1:
        p.error("need --videos >= 1 and 0 <= MIN <= MAX")
    a.cmin, a.cmax = lo, hi
    return a


def dump(path, obj, compress=False):
    data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    if compress:
        # mtime=0 and no file name in the header: the same input always gives the same bytes.
        with open(path + ".gz", "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        with open(path, "wb") as f:
            f.write(data)


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    hashtags = DEFAULT_HASHTAGS + (EXTRA_HASHTAGS if a.full else [])
    accounts = DEFAULT_ACCOUNTS + (EXTRA_ACCOUNTS if a.full else [])
    targets = sorted(("hashtag", n, p, None) for n, p in hashtags)
    targets += sorted(("account", n, ACCOUNTS[n]["profile"], n) for n in accounts)

    # Video-level oddities, spread over the whole corpus with their own stream.
    orng = random.Random(f"{a.seed}|oddities")
    slots = [(ti, vi) for ti in range(len(targets)) for vi in range(a.videos)]
    total_v = len(slots)
    odd = {}
    for name, share, minimum in (("time_str", 0.03, 2), ("stats_str", 0.03, 2), ("share_info", 0.02, 2),
                                 ("no_region", 0.03, 2)):
        for s in orng.sample(slots, min(total_v, max(minimum, round(share * total_v)))):
            odd.setdefault(s[0], {}).setdefault(s[1], set()).add(name)

    os.makedirs(a.out, exist_ok=True)
    for sub in ("hashtag", "account"):
        d = os.path.join(a.out, sub)
        os.makedirs(d, exist_ok=True)
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".json") or fn.endswith(".json.gz"):
                os.remove(os.path.join(d, fn))

    mint = IdMint()
    counters = {"hashtag": 0, "account": 0}
    summary = []
    for ti, (kind, name, prof, acct) in enumerate(targets):
        last_hm = 0 if counters[kind] % 2 == 0 else False
        counters[kind] += 1
        account = dict(ACCOUNTS[acct]) if acct else None
        gen = TargetGen(a.seed, kind, name, prof, account, a.videos, a.cmin, a.cmax, mint, odd.get(ti, {}), last_hm)
        data = gen.build()
        dump(os.path.join(a.out, kind, name + ".json"), data, compress=not a.plain)
        summary.append((kind, name, last_hm, gen.report))

    dump(os.path.join(a.out, "index.json"), {
        "version": 1, "generator": GENERATOR, "seed": a.seed,
        "hashtags": sorted(n for n, _ in hashtags), "accounts": sorted(accounts)})

    if not a.quiet:
        tot_c = tot_r = tot_d3 = 0
        langs = {}
        for kind, name, last_hm, rep in summary:
            tot_c += rep["comments"]
            tot_r += rep["replies"]
            tot_d3 += rep["depth3"]
            for k, v in rep["langs"].items():
                langs[k] = langs.get(k, 0) + v
            print(f"{kind}/{name}: {rep['comments']} comments ({rep['replies']} replies, {rep['depth3']} depth-3), "
                  f"last feed has_more={json.dumps(last_hm)}")
            for o in rep["oddities"]:
                print("    " + o)
        print(f"total: {len(summary)} targets, {len(summary) * a.videos} videos, {tot_c} comments, "
              f"{tot_r} replies ({100.0 * tot_r / max(1, tot_c):.1f}%), {tot_d3} depth-3")
        print("languages: " + ", ".join(f"{k} {100.0 * v / max(1, tot_c):.1f}%"
                                        for k, v in sorted(langs.items(), key=lambda kv: -kv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

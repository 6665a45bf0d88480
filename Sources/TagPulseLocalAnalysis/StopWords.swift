/// Function words of the six languages: used to guess the language, to drop non-content words from
/// prompts, and to stop English valences leaking into other languages ("die", "war", "pain").
struct StopWords: Sendable {
    static let shared = StopWords()

    /// Stop words per ``Language`` (indexed by raw value), folded.
    let byLanguage: [Set<String>]
    /// Union of all languages plus prompt filler words.
    let all: Set<String>
    /// English words that mean something else (and carry no sentiment) in another language.
    let falseFriends: [Set<String>]

    init() {
        byLanguage = Language.allCases.map { Set(LexiconParser.terms(Self.sources[$0] ?? "")) }
        falseFriends = Language.allCases.map { Set(LexiconParser.terms(Self.falseFriendSources[$0] ?? "")) }
        var all = Set(LexiconParser.terms(Self.promptFiller))
        for set in byLanguage { all.formUnion(set) }
        self.all = all
    }

    func blocksEnglishFallback(_ key: String, in language: Language) -> Bool {
        byLanguage[language.rawValue].contains(key) || falseFriends[language.rawValue].contains(key)
    }

    func isStopWord(_ key: String) -> Bool { all.contains(key) }

    static let falseFriendSources: [Language: String] = [
        .spanish: "sin, fin, red, once, pan, mad, hay, sea, son, come, dice, like, solo, real",
        .portuguese: "fin, red, pan, mad, sem, fim, like, real, seu, me, ate",
        .french: "pain, lit, fin, mort, rose, sale, coin, chat, ate, fire, mad, hate",
        .german: "die, war, kind, hell, gift, bad, fast, mist, rock, fit, arm, also, will, rat, mad, ate, fire",
        .italian: "fine, male, burro, ate, fire, mad, sale, pane, rip",
    ]

    /// Words common in analysis prompts that carry no topic ("analyse the comments…").
    static let promptFiller = """
        analyze, analyse, analyzing, analysis, comment, comments, commenter, commenters, post, posts, tiktok, tiktoks, video,
        videos, hashtag, hashtags, please, pls, tell, show, find, give, list, summarize, summarise, summary, identify, people,
        users, user, viewers, audience, say, saying, said, mention, mentions, mentioned, about, regarding, around, etc
        """

    static let sources: [Language: String] = [
        .english: """
        a, an, the, and, or, but, if, then, so, of, to, in, on, at, by, for, with, from, into, onto, about, as, is, are, was,
        were, be, been, being, am, do, does, did, have, has, had, having, i, me, my, mine, myself, you, your, yours, he, him,
        his, she, her, hers, it, its, it's, we, us, our, they, them, their, this, that, these, those, what, which, who, whom,
        whose, when, where, why, how, all, any, both, each, few, more, most, other, some, such, only, own, same, than, too,
        very, can, will, just, should, would, could, now, here, there, also, up, down, out, over, under, again, i'm, you're,
        i've, there's, that's, what's, let's, im, u, ur, get, got, go, going, gonna, wanna, one, just, yeah, oh
        """,
        .spanish: """
        el, la, los, las, un, una, unos, unas, y, o, de, del, al, a, en, con, por, para, que, es, son, está, esta, estan, están,
        ser, estar, fue, era, he, ha, han, hay, lo, le, les, se, me, te, nos, mi, mis, tu, tus, su, sus, yo, tú, él, ella,
        ellos, nosotros, vosotros, este, esta, esto, ese, esa, eso, como, cuando, donde, porque, pero, más, mas, muy, ya, también,
        tambien, sí, si, no, todo, todos, toda, hoy, qué, cómo, cuál, quién, le, algo, hace, tengo, tiene, tienen, voy, va, vamos
        """,
        .portuguese: """
        o, a, os, as, um, uma, uns, umas, e, ou, de, do, da, dos, das, no, na, nos, nas, em, com, por, para, pra, pro, que, é,
        são, sao, está, esta, estão, ser, estar, foi, era, tem, têm, ter, eu, você, voce, vc, ele, ela, eles, elas, nós, meu,
        minha, seu, sua, isso, isto, esse, essa, este, aquele, como, quando, onde, porque, mas, mais, muito, já, ja, também,
        tambem, sim, tudo, todo, toda, hoje, aqui, lá, tá, ta, vai, vou, né, ne, ao, à, pelo, pela, me, te, se, lhe, quem
        """,
        .french: """
        le, la, les, un, une, des, du, de, d', l', et, ou, à, au, aux, en, dans, sur, avec, pour, par, que, qui, qu', est, sont,
        être, etre, était, a, ai, as, ont, avoir, je, j', tu, il, elle, on, nous, vous, ils, elles, me, m', te, t', se, s', ce,
        c', cette, ces, mon, ma, mes, ton, ta, tes, son, sa, ses, notre, votre, leur, leurs, comme, quand, où, ou, parce,
        mais, plus, très, tres, aussi, oui, tout, tous, toute, aujourd'hui, ici, ça, ca, y, en, suis, es, fait, ne, n', pas
        """,
        .german: """
        der, die, das, den, dem, des, ein, eine, einen, einem, einer, und, oder, aber, in, im, an, am, auf, mit, von, vom, zu,
        zum, zur, für, fur, bei, nach, aus, ist, sind, war, waren, sein, bin, bist, hat, haben, hatte, ich, du, er, sie, es,
        wir, ihr, mich, mir, dich, dir, uns, euch, sich, mein, meine, dein, deine, sein, seine, ihre, unser, dieser, diese,
        dieses, wie, wenn, wo, weil, dass, auch, noch, schon, nur, ja, so, sehr, mal, hier, heute, jetzt, was, wer, man, doch,
        nicht, kein, keine, da, dann, denn, als, ob, um, über, uber, ganz, gibt
        """,
        .italian: """
        il, lo, la, i, gli, le, un, uno, una, e, o, di, del, della, dei, delle, a, al, alla, ai, in, nel, nella, con, su, sul,
        per, tra, fra, da, dal, che, è, sono, era, essere, ho, hai, ha, abbiamo, hanno, avere, io, tu, lui, lei, noi, voi,
        loro, mi, ti, si, ci, vi, mio, mia, tuo, tua, suo, sua, questo, questa, quello, quella, come, quando, dove, perché,
        perche, ma, non, più, piu, anche, già, gia, sì, tutto, tutti, oggi, qui, qua, cosa, chi, non, l', dell', all', nell', un'
        """,
    ]
}

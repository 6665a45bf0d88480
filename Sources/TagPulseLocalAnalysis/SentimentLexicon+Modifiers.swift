extension SentimentLexicon {
    /// Words that flip / dampen the sentiment of the next few tokens (all six languages).
    static let negatorSource = """
        not, no, never, nor, neither, nobody, none, nothing, nowhere, without, cannot, can't, cant, don't, dont, doesn't, doesnt,
        didn't, didnt, isn't, isnt, aren't, arent, wasn't, wasnt, weren't, werent, won't, wont, wouldn't, wouldnt, shouldn't,
        shouldnt, couldn't, couldnt, haven't, havent, hasn't, hasnt, hadn't, ain't, aint, mustn't, needn't, nah, nope, hardly,
        nunca, jamas, tampoco, ni, nadie, nada, ningun, ninguna, sin,
        não, nao, nem, jamais, ninguem, nenhum, nenhuma, sem,
        ne, n', pas, jamais, rien, aucun, aucune, sans,
        nicht, nich, ned, nie, niemals, kein, keine, keinen, keiner, keines, keinem, nichts, ohne, nee,
        non, mai, niente, nessuno, nessuna, senza, né
        """

    /// Words placed after the word they negate in colloquial French and German ("j'aime pas", "mag ich nicht").
    static let postNegatorSource = "pas, jamais, nicht, nie, niemals"

    /// Intensifiers (positive) and diminishers (negative) as increments on the -4...4 scale.
    static let boosterSource = """
        very:0.293, so:0.293, really:0.293, extremely:0.4, super:0.293, totally:0.293, absolutely:0.35, completely:0.293, too:0.2,
        incredibly:0.35, insanely:0.35, highly:0.293, truly:0.293, literally:0.2, most:0.2, especially:0.2, hella:0.35, mad:0.0,
        fucking:0.35, freaking:0.3, damn:0.2, such:0.2, way:0.1, deeply:0.293, genuinely:0.25, seriously:0.25, lowkey:-0.2,
        kinda:-0.293, kind of:-0.293, sorta:-0.293, sort of:-0.293, slightly:-0.293, somewhat:-0.293, barely:-0.4, a bit:-0.293,
        a little:-0.293, little:-0.15, almost:-0.2, fairly:-0.2, quite:-0.1, marginally:-0.293, partly:-0.293, hardly:-0.4, no way:0.0,
        muy:0.293, mucho:0.293, muchisimo:0.4, tan:0.293, super:0.293, demasiado:0.293, re:0.25, bastante:0.15, realmente:0.293,
        totalmente:0.293, un poco:-0.293, poco:-0.293, algo:-0.2, medio:-0.2,
        muito:0.293, mto:0.293, mt:0.293, muita:0.293, demais:0.293, bem:0.2, tao:0.293, super:0.293, bastante:0.15,
        realmente:0.293, totalmente:0.293, um pouco:-0.293, pouco:-0.293, meio:-0.2,
        tres:0.293, trop:0.293, vraiment:0.293, tellement:0.293, grave:0.2, hyper:0.293, super:0.293, si:0.2, completement:0.293,
        un peu:-0.293, assez:-0.1, plutot:-0.15,
        sehr:0.293, so:0.293, echt:0.293, wirklich:0.293, total:0.293, voll:0.293, richtig:0.25, extrem:0.35, mega:0.3, ultra:0.3,
        ganz:0.15, ziemlich:0.15, etwas:-0.293, bisschen:-0.293, ein bisschen:-0.293, wenig:-0.293, kaum:-0.4, eher:-0.15,
        molto:0.293, tanto:0.293, troppo:0.293, davvero:0.293, veramente:0.293, proprio:0.2, cosi:0.293, assai:0.293,
        parecchio:0.2, un po':-0.293, poco:-0.293, abbastanza:-0.1
        """

    /// "but"-like words per language: the clause after them weighs more than the clause before.
    static let contrastSources: [Language: String] = [
        .english: "but, however, although, though, yet",
        .spanish: "pero, aunque, sin embargo",
        .portuguese: "mas, porem, embora, contudo",
        .french: "mais, pourtant, cependant, quand meme",
        .german: "aber, jedoch, trotzdem, doch",
        .italian: "ma, però, pero, tuttavia, comunque",
    ]
}

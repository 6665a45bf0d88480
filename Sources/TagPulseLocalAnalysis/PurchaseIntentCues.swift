/// Multilingual purchase-intent cue phrases and their detection, including negated cues
/// ("would never buy", "not buying") which yield ``PurchaseIntent/none``.
struct PurchaseIntentCues: Sendable {
    static let shared = PurchaseIntentCues()

    let tables: AnalysisTables

    init(tables: AnalysisTables = .shared) {
        self.tables = tables
    }

    func intent(in scan: Tokenizer.Scan) -> PurchaseIntent {
        var refused = false
        tables.refusal.forEachMatch(in: scan) { _ in refused = true }
        if refused { return .none }
        var best = 3
        tables.intent.forEachMatch(in: scan) { match in
            if match.label < best && !isNegated(before: match.start, in: scan.tokens) { best = match.label }
        }
        switch best {
        case 0: return .high
        case 1: return .medium
        case 2: return .low
        default: return .none
        }
    }

    private func isNegated(before start: Int, in tokens: [Tokenizer.ScanToken]) -> Bool {
        var j = start - 1
        while j >= 0 && j >= start - 3 {
            let isNo = tokens[j].keyID == tables.noID
            if tables.isNegator(tokens[j]) && !isNo { return true }
            if isNo && j == start - 1 { return true }
            j -= 1
        }
        return false
    }

    static let high = """
        just ordered, just bought, just purchased, i ordered, i bought, i purchased, ordered mine, ordered one, ordered two,
        ordered it, ordered this, ordered 2, bought it, bought this, bought two, bought one, bought mine, added to cart,
        added it to my cart, add to cart, in my cart, take my money, buying this, buying it, buying one, buying two, i'm buying,
        im buying, copped, just copped, got mine, got it today, ordering now, ordering this, ordering one, checked out,
        acabo de comprar, lo compre, lo he comprado, ya lo compre, ya lo pedi, lo pedi, me lo compre, lo acabo de pedir,
        ya lo tengo, comprei, acabei de comprar, ja comprei, ja pedi, pedi o meu, comprando agora, vou comprar agora,
        je l'ai commande, je l'ai achete, j'ai achete, j'ai commande, je viens de l'acheter, je viens de commander,
        gerade bestellt, hab bestellt, habe bestellt, hab es bestellt, habe es gekauft, gekauft, gerade gekauft, hab's bestellt, habs bestellt,
        l'ho ordinato, l'ho comprato, ho ordinato, ho comprato, appena comprato, appena ordinato
        """

    static let medium = """
        need this, need it, need one, need these, want this, want it, want one, want these, i need one, i want one, wanna buy, want to buy, where can i buy,
        where can i get, where to buy, where do i buy, where did you get, where'd you get, where is it from, where's it from,
        link?, link pls, link please, link plz, drop the link, need the link, what's the link, whats the link, how much,
        price?, what's the price, whats the price, how much is it, is it worth it, worth it?, where to get, does it ship,
        do you ship, is it available, in stock?, gonna buy, going to buy, will buy, i'll buy, ill buy, adding to cart,
        buying soon, must buy, must have, shut up and take, ordering soon, dónde lo compro, donde lo compro, donde se compra,
        donde comprar, cuanto cuesta, cuanto vale, precio?, lo quiero, lo necesito, necesito uno, quiero uno, lo voy a comprar,
        voy a comprarlo, onde compra, onde comprar, onde compro, quanto custa, qual o preco, preco?, quero um, eu quero, preciso disso,
        vou comprar, ou l'acheter, ou acheter, ou l'as tu, combien, c'est combien, prix?, j'en veux, je le veux, j'en veux un,
        il me le faut, wo kann man, wo gibt es, wo bekomme, wo hast du, wie viel kostet, wieviel kostet, was kostet, preis?,
        will ich haben, brauche ich, brauch ich, dove si compra, dove lo compro, dove comprare, quanto costa,
        prezzo?, lo voglio, ne ho bisogno, lo compro,
        where can i find, where do you buy, where did you buy, where'd you buy, where can you buy, where can we buy,
        where do i get, where can i order, where did you find, where's it cheapest, where is it cheapest, is it on amazon,
        on tiktok shop, do they sell, what store, which store, link to the, buying the, buying it tomorrow,
        buying one tomorrow, getting one tomorrow, getting it tomorrow, getting one this weekend, ordering tomorrow,
        gonna order, going to order, will order, i'll order, gonna get one, going to get one, i'm getting one,
        im getting one, need to get one, need to buy, have to buy, my cart, cart rn, trading in my,
        donde lo consigo, donde se consigue, donde lo venden, donde puedo comprar, donde puedo comprarlo,
        donde puedo conseguir, donde lo encuentro, hacen envios, lo voy a pedir, voy a pedirlo, me lo voy a comprar,
        lo compro manana, manana lo compro, onde encontro, onde acho, onde vende, vende no brasil, onde posso comprar,
        onde consigo, vou pedir, vou encomendar, quero comprar, preciso comprar, ou le trouver, ou trouver, ou l'acheter,
        on le trouve ou, ou on le trouve, je vais l'acheter, je vais le commander, je vais commander, je vais me l'acheter,
        wo kaufen, wo kann ich, wo bekommt man, wo bekomme ich, wo finde ich, ich werde es kaufen, hol ich mir,
        kauf ich mir, ich bestelle, muss ich haben, dove lo trovo, dove si trova, dove posso comprarlo, dove posso trovarlo,
        dove lo hai preso, lo comprero, lo ordino, devo comprarlo, devo averlo, lo compro domani
        """

    static let low = """
        maybe, someday, some day, one day, eventually, on my wishlist, on my wish list, wishlist, wish list, if it goes on sale,
        when it goes on sale, when it's on sale, if it's cheaper, might buy, might get, might try, considering, thinking about buying,
        tal vez, quizas, algun dia, talvez, quem sabe, um dia, peut-etre, peut etre, un jour, vielleicht, irgendwann, forse,
        un giorno, prima o poi, after payday, next paycheck, when i get paid, cuando me paguen, quando receber,
        quand j'aurai des sous, wenn ich gehalt bekomme, quando mi pagano
        """

    static let refusals = """
        would never buy, will never buy, never buying, never buy, not buying, wouldn't buy, won't buy, not gonna buy,
        not going to buy, don't buy, dont buy, do not buy, not worth it, waste of money, save your money, returning it,
        returned it, nunca compraria, no lo compres, no compren, nunca compraria, nao compre, nao comprem, nunca compraria,
        n'achetez pas, kauft nicht, nicht kaufen, non comprate, non comprarlo
        """
}

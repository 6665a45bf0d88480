import TagPulseLocalAnalysis
import Testing

@Suite("ThemeTaxonomy")
struct ThemeTaxonomyTests {
    let analyzer = LocalAnalyzer()

    func theme(_ text: String) -> String { analyzer.classify(text).theme }

    @Test(arguments: [
        "check my page for more", "link in bio 💰", "free gift card click here", "follow me and I follow back",
        "dm me for collab",
    ])
    func spam(text: String) {
        #expect(theme(text) == "spam", "\(text)")
    }

    /// The usual TikTok spam families (make money from home, check my bio / link in bio, follow for follow,
    /// giveaways and "DM me") in the six languages.
    @Test(arguments: [
        "make money from home 💸 check my bio", "giveaway! dm me to win", "follow for a follow?", "like for like 🙏",
        "Gana dinero desde casa 💸", "link en mi bio 🔥", "sígueme y te sigo de vuelta", "sorteo en mi perfil, mira mi perfil",
        "Ganhe dinheiro em casa 💸", "link na minha bio", "sigo de volta 💯", "sorteio! me chama no direct",
        "Gagnez de l'argent depuis chez vous 💸", "lien dans ma bio", "abonne toi je m'abonne en retour",
        "concours : écris moi en mp", "Geld verdienen von zu Hause 💸", "Link in meiner Bio", "folge mir, ich folge zurück",
        "Gewinnspiel! schreib mir privat", "Guadagna soldi da casa 💸", "link nella mia bio", "seguimi e ricambio",
        "giveaway 🎁 scrivimi in privato",
    ])
    func spamFamiliesInSixLanguages(text: String) {
        #expect(theme(text) == "spam", "\(text)")
    }

    @Test(arguments: [
        "I work from my home office and this desk is perfect", "mi casa huele increíble con esto",
        "ganhei de presente da minha mãe", "je l'ai acheté avec mon argent de poche", "das Geld war es wert",
        "l'ho comprato a casa di mia zia",
        // A creator's or a brand's reply is not spam: the link is in the bio, support asks for a DM.
        "it's linked in my bio 🙌", "¡Ay no, lo siento! Escríbeme por DM y te ayudo", "Poxa, sinto muito! Me chama no direct",
        "Oh non ! Écris-moi en DM, je vais t'aider", "Oh nein, das tut mir leid! Schreib mir per DM",
        "Oh no, mi dispiace! Scrivimi in DM",
    ])
    func ordinaryCommentsAreNotSpam(text: String) {
        #expect(theme(text) != "spam", "\(text)")
    }

    /// A request for a DM alone is a support reply in English as in the other languages; a DM with money, a link,
    /// follow-for-follow or a collab offer is spam.
    @Test(arguments: [
        "DM me and I'll try to help", "So sorry about that! DM me your order number", "message me if it still doesn't work",
        "dm for the size chart",
    ])
    func englishDMRequestAloneIsNotSpam(text: String) {
        #expect(theme(text) != "spam", "\(text)")
    }

    @Test(arguments: [
        "dm me to earn money from home", "dm me, link in bio", "follow for follow, dm me", "dm for collab 💰",
        "message me for free followers", "earn $300 a day from home, DM me 💰💰",
        "I make $500/day from home, DM me 💸",
    ])
    func englishDMWithASpamCueIsSpam(text: String) {
        #expect(theme(text) == "spam", "\(text)")
    }

    @Test(arguments: ["first", "❤️", "😍", "🔥🔥🔥", "first!!"])
    func generalEngagement(text: String) {
        #expect(theme(text) == "general engagement", "\(text)")
    }

    @Test func topicalThemes() {
        #expect(theme("way too expensive for what it is, overpriced") == "price & value")
        #expect(theme("shipping took weeks and the package arrived damaged") == "shipping & delivery")
        #expect(theme("customer service never replied to my refund request") == "customer service")
        #expect(theme("the quality is amazing, so durable") == "product quality")
        #expect(theme("where can I buy this? is it in stock?") == "purchase & availability")
        #expect(theme("better than the dupe I had, compared to dior") == "comparison")
        #expect(theme("I recommend it to everyone") == "recommendation")
        #expect(theme("lmao this is hilarious 😂") == "humor & entertainment")
        #expect(theme("what time does the show start?") == "question")
    }

    @Test func everyLabelIsInTheTaxonomy() {
        for text in ["hello there", "", "???", "ok", "buy now", "link in bio", "😂", "why?"] {
            #expect(ThemeTaxonomy.labels.contains(theme(text)), "\(text)")
        }
    }
}

/// The phrase bank of ``SyntheticSource``: captions (`{t}` is the target) and comments covering opinions,
/// negation, questions, purchase intent at every level, complaints, spam, engagement, emoji and six languages.
enum SyntheticText {
    static let captions = [
        "Honest review of the #{t} everyone is talking about",
        "Is #{t} worth the hype? Watch till the end 👀",
        "3 things nobody tells you about #{t}",
        "Testing #{t} for 30 days so you don't have to",
        "#{t} haul + first impressions ✨",
        "Probando #{t} por primera vez 😱",
    ]

    static let comments = [
        "just ordered two, take my money 💸", "added to cart immediately", "I bought it last week and it's amazing",
        "where can I buy this?", "link?? 🙏", "how much is it?", "is it worth the price?", "need this in my life",
        "maybe when it goes on sale", "on my wishlist for sure", "not worth it, broke after two weeks",
        "way too expensive for what it is", "shipping took forever and customer service ignored me",
        "honestly it's mid", "this is so good omg 😍", "no cap this changed my routine", "I don't like it at all",
        "it's not bad, but not great either", "better than the other brand imo", "does it work on sensitive skin?",
        "first!", "❤️❤️❤️", "🔥🔥🔥", "follow me for more 💯", "FREE gift card 👉 link in bio",
        "lol the ending 😂", "love your videos!", "mine arrived damaged, asking for a refund",
        "¿dónde lo compro?", "me encanta, lo compré ayer", "no vale la pena, muy caro", "quanto custa?",
        "comprei e amei 😍", "où est-ce qu'on peut l'acheter ?", "franchement c'est nul", "wo kann man das kaufen?",
        "hab's gerade bestellt 🙌", "quanto costa?", "l'ho ordinato subito!", "it's giving luxury for cheap",
    ]
}

extension ThemeTaxonomy {
    /// Cue lists per label, in the order of ``labels``. `cue:weight` overrides the default weight 1;
    /// a trailing "*" makes a prefix cue.
    static let cueSources: [String] = [
        // spam (a cue under 1, such as a request for a DM or a contest, or "earn", needs a second one: brands' support
        // replies ask for a DM too, in every language)
        """
        link in bio, link in my bio, check my page, check out my page, check my profile, visit my page, follow me:1.2,
        follow back, follow for follow, f4f, sub4sub, free gift card, gift card:0.6, dm me:0.45, dm for:0.45,
        message me:0.45, collab:0.6, earn:0.6, from home:0.6, whatsapp me,
        click the link, free followers, earn money, make money from home, work from home, crypto, bitcoin, promo code:0.6,
        giveaway, sigueme, sígueme, me sigue, segue de volta, me segue, suivez moi, abonnez vous, folgt mir, seguitemi, seguimi,
        onlyfans, telegram, cash app, cashapp, check my bio, check out my bio, like for like, l4l,
        follow for a follow, make money online, passive income,
        gana dinero, ganar dinero, dinero desde casa, dinero facil, trabaja desde casa, link en mi bio, link en bio,
        enlace en mi bio, mira mi perfil, revisa mi perfil, visita mi perfil, te sigo de vuelta, sigo de vuelta,
        seguidores gratis, sorteo, escribeme:0.45, mandame dm:0.45, manda dm:0.45,
        ganhe dinheiro, ganhar dinheiro, dinheiro em casa, dinheiro facil, renda extra, trabalhe de casa, link na bio,
        link na minha bio, veja meu perfil, confira meu perfil, visite meu perfil, sigo de volta, sorteio, me chama no direct:0.45,
        me chama no dm:0.45, me chama no pv:0.45, me manda mensagem:0.45,
        gagner de l'argent, gagnez de l'argent, argent facile, travail a domicile, lien dans ma bio, lien en bio,
        lien dans la bio, regarde mon profil, regardez mon profil, va voir mon profil, allez voir mon profil, abonne toi,
        je m'abonne en retour, followers gratuits, concours:0.45, ecris moi en dm:0.45, ecris moi en mp:0.45,
        mp moi:0.45, envoie moi un message:0.45,
        geld verdienen, verdiene geld, von zuhause arbeiten, von zu hause arbeiten, nebenverdienst, link in meiner bio,
        link in der bio, schau auf mein profil, schaut auf mein profil, schaut in mein profil, besucht mein profil,
        folge zuruck, folge mir, gewinnspiel, verlosung, schreib mir privat:0.45, schreibt mir privat:0.45, per dm:0.45, kostenlose follower,
        guadagna soldi, guadagnare soldi, guadagna da casa, guadagnare da casa, soldi facili, lavora da casa, link nella bio,
        link nella mia bio, guarda il mio profilo, passate dal mio profilo, visita il mio profilo, seguimi e ricambio,
        ricambio:0.45, follower gratis, concorso:0.45, scrivimi in dm:0.45, scrivimi in privato:0.45, scrivetemi in privato:0.45
        """,
        // purchase & availability
        """
        buy:0.8, bought:0.8, buying:0.8, order*:0.7, purchase*:0.8, cart:0.8, in stock, out of stock, sold out, restock*,
        available:0.7, availability, link:0.6, shop:0.6, store:0.6, amazon:0.6, compr*:0.7, pedid*:0.6, comprei, achet*:0.7,
        command*:0.5, kauf*:0.7, gekauft, bestell*:0.7, ordinat*:0.5, disponible:0.7, disponivel:0.7, disponibile:0.7,
        esgotado, agotado, rupture, ausverkauft, esaurito
        """,
        // price & value
        """
        price:1.2, prices, pricey, expensive, cheap, cheaper, affordable, overpriced, cost*:0.8, worth it, worth the money,
        bargain, discount, sale:0.6, deal:0.6, dollars, bucks, $:0.5, money:0.6, budget, value for money, precio*, caro,
        barato, preco*, preço, prix, cher, pas cher, preis*, teuer, billig, gunstig, prezzo, costoso, economico, euro*:0.6
        """,
        // shipping & delivery
        """
        shipping, shipped, ship:0.7, deliver*, arrive*, arrived, package, parcel, tracking, took weeks, still waiting,
        never came, never arrived, envio, entrega, llego, chegou, frete, entrega*, livraison, livre:0.5, colis, lieferung,
        versand, geliefert, paket, spedizione, consegna, arrivato, pacco
        """,
        // customer service
        """
        customer service, support team, refund*, return policy, returned, replacement, reply, responded, response:0.6,
        contacted, seller, scam*, scammed, reembolso, atencion al cliente, atendimento, reclamacao, service client,
        rembours*, kundenservice, kundendienst, ruckerstattung, assistenza, rimborso, servizio clienti
        """,
        // product quality
        """
        quality, broke:0.8, broken, cheaply made, fell apart, falls apart, durable, sturdy, flimsy, material, fabric,
        defective, stopped working, works great, works perfectly, lasts, lasted, leaked, leaks, smell*, texture, calidad,
        se rompio, qualidade, quebrou, qualite, casse, qualitat, kaputt, qualita, rotto
        """,
        // usage & results
        """
        results, result, before and after, used it, using it, use it, tried it, tried this, works:0.7, worked:0.8, routine,
        skin, hair, acne, glow*:0.6, weeks:0.5, days of using, apply, applied, tutorial, how to use, resultado*, funciona,
        funcionou, uso, usei, resultat*, fonctionne, marche, ergebnis*, funktioniert, benutze, risultat*, funziona, uso
        """,
        // comparison
        """
        better than, worse than, compared to, comparison, vs, versus, dupe, alternative, instead of, same as, cheaper than,
        mejor que, peor que, melhor que, pior que, meilleur que, pire que, besser als, schlechter als, meglio di, peggio di
        """,
        // recommendation
        """
        recommend*, must have, must try, you need this, you need to try, holy grail, game changer, 10/10, five stars, 5 stars,
        go buy, get this, trust me, recomiendo, recomendado, recomendo, indico, je recommande, conseille, empfehle*,
        empfehlung, consiglio, consigliato
        """,
        // appearance & design
        """
        color:0.8, colour:0.8, colors, design, looks:0.6, look:0.5, pretty:0.6, aesthetic, cute:0.6, style:0.7, outfit,
        packaging, shade, size, fits:0.6, fit:0.5, gorgeous:0.6, beautiful:0.5, ugly:0.6, bonito:0.5, lindo:0.5, linda:0.5,
        cor, couleur, farbe, colore, diseño, design*:0.8
        """,
        // creator & content
        """
        your videos, your content, this video, content, creator, edit:0.7, editing, you're so, ur so, queen:0.6, new video,
        part 2, pt 2, more videos, upload*, posted, the way you, your voice, voice:0.6, algorithm, fyp, foryou, for you page,
        tu video, seu video, ta video, dein video, il tuo video
        """,
        // humor & entertainment
        """
        lol:0.8, lmao:0.9, lmfao:0.9, haha:0.9, jaja:0.9, kkk:0.9, rsrs:0.9, mdr:0.9, ptdr:0.9, funny:0.9, hilarious:1.1,
        joke, dead:0.5, i'm dead, im dead, crying:0.4, 😂:0.8, 🤣:0.8, 💀:0.7, meme*, comedy, gracioso, engracado,
        drole, lustig, divertente
        """,
        // question (only through the "?" fallback)
        "",
        // general engagement
        """
        first:0.4, early:0.4, who's here, anyone here, here before, love this:0.3, love it:0.3, omg:0.3, wow:0.3, yes:0.3,
        same:0.3, facts:0.3, real:0.3, this:0.1, ❤:0.4, 😍:0.4, 🔥:0.4, 👏:0.4, 🙌:0.4
        """,
        // other
        "",
    ]
}

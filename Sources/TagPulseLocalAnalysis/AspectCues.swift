/// The words and phrases, in English, Spanish, Portuguese, French, German and Italian, by which a prompt asks
/// about an aspect and a comment speaks of it. Each cue is stemmed (``WordStem``), so "price" covers "prices" and
/// "precio" covers "precios"; a cue of several words matches those words in a row.
enum AspectCues {
    /// Per aspect (in ``PromptAspect/allCases`` order): cues that mark a comment as about the aspect and a prompt as
    /// asking about it.
    static let shared: [PromptAspect: String] = [
        .price: """
        price, prices, pricey, pricing, expensive, cheap, cheaper, cheapest, how much, carísimo, carísima, caríssimo,
            carissimo, baratísimo, cuánto cuesta, cuánto vale, quanto custa, quanto costa, quanto é, combien, wie viel, was kostet, affordable, overpriced, cost, costs, costly, worth it,
        worth the money, worth every penny, not worth, worth, value for money, bargain, discount, deal, sale, dollars,
        bucks, money, budget, spend, spent, afford, paid, pay, euros, reais, precio, precios, caro, barato, barata,
        costo, cuesta, vale la pena, dinero, plata, oferta, rebaja, descuento, preço, preços, custo, custa, vale a pena,
        dinheiro, promoção, desconto, barata, prix, cher, chère, coût, coute, coûte, vaut le coup, argent, solde, soldes,
        promo, réduction, preis, preise, teuer, billig, günstig, kosten, kostet, geld, wert, preiswert, angebot, rabatt,
        prezzo, prezzi, costoso, costosa, economico, soldi, sconto, offerta, vale la pena, caro, cari
        """,
        .quality: """
        quality, durable, durability, sturdy, flimsy, broke, broken, breaks, fell apart, falls apart, cheaply made,
        well made, material, materials, build quality, defective, defect, lasts, lasted, peeling, peeled, cracked, leak,
        leaks, leaked, leaking, stopped working, scratch, scratches, flaking, flaked, chipped, chipping, rusted, rusty, dented, separating, wore out, worn out, still perfect, still like new, like new,
            still looks, brand new, sigue perfecto, como nuevo, continua perfeito, toujours parfait, aucun souci, immer noch,
            ancora perfetto, rompieron, rompe, rompen, se rompe, dura, duran, durar, dure, hält, halten lange, calidad, roto, rota, se rompió, rompió, duradero,
        resistente, material, defecto, se despega, gotea, qualidade, quebrou, quebrado, durável, resistente, defeito,
        vaza, vazou, qualité, cassé, cassée, solide, fragile, défaut, fuit, qualität, kaputt, stabil, robust,
        verarbeitung, billig verarbeitet, mangel, undicht, qualità, rotto, rotta, robusto, difetto, perde, si è rotto,
        had it for, had mine for, still works, still working, still going strong, sigue funcionando, lo tengo desde hace,
        ainda funciona, continua funcionando, fonctionne toujours, marche toujours, funktioniert immer noch,
        hält immer noch, funziona ancora, ancora funzionante
        """,
        .results: """
        results, result, works, worked, working, work, effective, effect, difference, improved, improvement, helped, it helps,
        cleared, gone, before and after, noticed, visible, finally, saved my, no more, did nothing, doesn't work,
        didn't work, does nothing, absolutely nothing, smooth, smoother, glowing, brighter,
            calmed, calmed down, irritated, irritation, broke me out, break me out, breaks me out, broke out, gave me,
            irritée, irritado, irritada, irritata, resultado, resultados, funciona, funcionó, funcionan, efecto, efectivo, diferencia,
        ha mejorado, me ayudó, desapareció, no sirve, resultados, funcionou, efeito, eficaz, diferença, melhorou, me ajudou, sumiu,
        não funciona, résultat, résultats, fonctionne, marche, efficace, effet, différence, amélioré, disparu,
        ergebnis, ergebnisse, wirkt, funktioniert, wirkung, unterschied, geholfen, verbessert, risultato, risultati,
        funziona, efficace, effetto, differenza, migliorato, aiutato, sparito
        """,
        .delivery: """
        shipping, shipped, ship, ships, delivery, delivered, deliver, arrive, arrived, arrival, package, parcel,
        tracking, took weeks, never came, never arrived, still nothing, on time, late, courier, envío,
        envio, envíos, entrega, llegó, llego, llegar, paquete, tardó, demora, frete, chegou, chegar, pacote, correios,
        atrasou, demorou, livraison, livré, livrée, colis, arrivé, reçu, retard, lieferung, versand, geliefert,
        paket, angekommen, verspätet, spedizione, consegna, consegnato, arrivato, pacco, ritardo
        """,
        .customerService: """
        customer service, customer support, support, refund, replace, won't replace, reemplazo, reemplazar,
            substituir, troca, remplacer, ersetzen, umtausch, sostituire, refunded, return, returned, returns, replacement,
        warranty, seller, contacted, reply, replied, responded, response, help desk, scam, scammed, atención al cliente,
        servicio al cliente, soporte, reembolso, devolución, devolver, garantía, vendedor, atendimento, suporte,
        reembolso, devolução, devolver, garantia, vendedor, service client, sav, remboursement, remboursé, retour,
        garantie, vendeur, kundenservice, kundendienst, support, rückerstattung, rückgabe, zurückgeschickt, garantie,
        verkäufer, assistenza, servizio clienti, rimborso, reso, garanzia, venditore
        """,
        .comparison: """
        better than, worse than, compared to, compared with, comparison, compare, versus, vs, dupe, alternative,
        alternatives, instead of, same as, does the same thing, same thing, same formula, for less,
            does everything this does, prefer, switched from, switched to, competitor, competitors, mejor que,
        peor que, comparado con, mieux que, moins bien que, comparación, comparar, prefiero, alternativa, en vez de, melhor que, pior que,
        comparado com, comparação, comparar, prefiro, alternativa, em vez de, meilleur que, pire que, comparé à,
        comparaison, comparer, je préfère, préfère, alternative, au lieu de, besser als, schlechter als, im vergleich,
        vergleich, vergleichen, lieber, alternative, statt, meglio di, peggio di, rispetto a, confronto, confrontare,
        preferisco, alternativa, invece di
        """,
        .recommendation: """
        recommend, recommended, recommendation, recommendations, would recommend, must have, must try, holy grail,
        game changer, you need this, suggest, worth trying, trust me, 10/10, five stars, not worth, waste of money, save your money, don't buy,
        dont buy, no lo compren, no vale la pena, não vale a pena, ne vaut pas, nicht wert, non vale la pena, recomiendo, recomendar,
        recomendado, recomendación, recomendaciones, te lo recomiendo, imprescindible, recomendo, recomendar,
        recomendação, indico, super indico, je recommande, recommande, recommander, conseille, je conseille,
        indispensable, empfehle, empfehlen, empfehlung, empfehlenswert, klare empfehlung, consiglio, consigliato,
        consigliare, lo consiglio, raccomando, consiglierei
        """,
        .purchaseIntent: """
        buy, buying, bought, purchase, purchased, purchasing, ordered, ordering, cart, checkout, checked out,
        copped, in stock, out of stock, sold out, restock, where to buy, where can i buy, where can i get, link,
        available, tiktok shop, amazon, payday, wishlist, comprar, compré, compre, comprado, comprando, pedido, pedí,
        carrito, dónde lo compro, agotado, disponible, comprei, compra, comprando, encomendei, esgotado, disponível,
        carrinho, acheter, acheté, achète, commandé, commander, panier, rupture, disponible, kaufen, gekauft, kaufe,
        bestellt, bestellen, warenkorb, ausverkauft, verfügbar, comprare, comprato, compro, ordinato, ordinare,
        carrello, esaurito, disponibile, comprarlo, comprarla, comprarlos, compralo, acquistarlo, acquistare,
            would you sell, sell it, where do you get
        """,
        .appearance: """
        looks, color, colour, colors, colours, design, designs, aesthetic, style, stylish, pretty, cute,
        beautiful, gorgeous, ugly, packaging, shade, shades, finish, outfit, color, colores, diseño, bonito, bonita,
        lindo, linda, feo, fea, estilo, cor, cores, design, feio, feia, estilo, couleur, couleurs, joli, jolie, beau,
        belle, moche, style, farbe, farben, hübsch, hässlich, aussehen, sieht, colore, colori, bello, bella, carino,
        brutto, stile, aspetto
        """,
    ]

    /// Words that name an aspect in a prompt only (a comment saying "intent" is not about buying).
    static let promptOnly: [PromptAspect: String] = [
        .price: "pricing, value, valor, valeur, wert, valore, costs",
        .quality: "build, fabrication, fabricação, verarbeitung, durabilidad, durabilidade, durabilité, haltbarkeit, durata",
        .results: "effectiveness, efficacy, performance, eficacia, eficácia, efficacité, wirksamkeit, efficacia, rendimiento",
        .delivery: """
        shipment, logistics, envíos, entregas, livraisons, lieferzeit, spedizioni, delivery times, delivery time,
        shipping times, shipping time, tiempos de entrega, tiempo de entrega, prazo de entrega, prazos de entrega,
        délais de livraison, délai de livraison, lieferzeiten, tempi di consegna
        """,
        .customerService: "service, servicio, serviço, kundenservice, assistenza, atención, atendimento",
        .comparison: """
        competition, competencia, concorrência, concurrence, konkurrenz, concorrenza, concorrenti, compares, comparan,
        comparam, comparent, confrontano, vergleichen
        """,
        .recommendation: "recommend it, recomiendan, recomendam, recommandent, empfehlen, weiterempfehlen, consigliano",
        .purchaseIntent: """
        purchase intent, intent to buy, buying intent, would buy, want to buy, plan to buy, intención de compra,
        comprarían, compraría, comprarías, intenção de compra, comprariam, intention d'achat, achèteraient, acheteraient,
        kaufabsicht, kaufen würden, kaufinteresse, intenzione di acquisto, comprerebbero, comprano, compran, compram, achètent, kaufen, acquisto, acquistare,
        acquistato, where to get
        """,
        .appearance: "appearance, apariencia, aparência, apparence, optik, aspetto, looks",
    ]

    /// Words by which a prompt names opinions or sentiment as what it wants ("brand sentiment", "opiniones").
    static let opinionTargets = """
        opinion, opinions, sentiment, sentiments, feelings, reactions, reaction, impressions, perception, feedback,
        reviews, review, opinión, opiniones, sentimiento, reacciones, impresiones, percepción, opinião, opiniões,
        sentimento, reações, impressões, percepção, avis, opinions, sentiment, ressenti, réactions, impressions,
        meinung, meinungen, stimmung, reaktionen, eindruck, eindrücke, wahrnehmung, opinione, opinioni, sentimento,
        reazioni, impressioni, percezione
        """

    /// Words and phrases by which a prompt asks what people think, without naming a subject by themselves.
    static let opinionFraming = """
        think, thinks, thought, feel, feels, say, saying, says, said, like, love, hate, react, perceive, what do people
        think, how do people feel, opinan, piensan, dicen, sienten, creen, gusta, acham, pensam, dizem, sentem, gostam,
        pensent, disent, ressentent, aiment, halten, denken, sagen, finden, fühlen, mögen, pensano, dicono, sentono,
        piace, qu'en pensent, was halten, cosa ne pensano, o que acham, qué opinan, que opinan, complain, complaining,
        complaints, praise, praising, quejan, quejas, elogian, reclamam, reclamações, elogiam, plaignent, plaintes,
        beschweren, beschwerden, loben, lamentano, lamentele, lodano
        """

    /// Instruction words that ask for a general analysis ("analyze the comments"): taken as a general-opinion prompt
    /// when nothing else is named.
    static let analysisVerbs = """
        analyze, analyse, analyzing, analysis, summarize, summarise, summary, evaluate, assess, analiza, analizar,
        análisis, resume, resumir, evalúa, analisa, analisar, análise, resumir, avalie, analyser, analysez, analyse,
        résume, résumer, évalue, analysiere, analysieren, analyse, zusammenfassen, bewerte, analizza, analizzare,
        analisi, riassumi, valuta
        """

    /// Prompt words that are neither aspect nor subject: instructions, the comments themselves, generic nouns and
    /// evaluative adjectives (every one of the six languages' stop words is skipped as well).
    static let filler = """
        comment, comments, commenters, commenter, comentario, comentarios, comentário, comentários, commentaire,
        commentaires, kommentar, kommentare, commento, commenti, people, person, persons, users, user, viewers, viewer,
        audience, followers, customers, consumers, buyers, gente, personas, usuarios, pessoas, usuários, personnes,
        utilisateurs, gens, leute, menschen, nutzer, persone, utenti, video, videos, vídeo, vídeos, vidéo, vidéos,
        tiktok, tiktoks, post, posts, hashtag, product, products, producto, productos, produto, produtos, produit,
        produits, produkt, produkte, prodotto, prodotti, brand, brands, marca, marcas, marque, marques, marke, marken,
        item, items, thing, things, stuff, cosa, cosas, coisa, coisas, chose, choses, ding, sache, cose, find, identify,
        extract, show, tell, list, give, describe, explain, mention, mentions, mentioned, talk, talking, discuss, focus, please, pls, main, key, recurring, common, overall, general, specific, themes, theme, topics, topic,
        aspects, aspect, points, insights, details, detail, detailed, great, good, bad, much, many, lots, anything,
        something, everything, regarding, related, concerning, encuentra, identifica, muestra, dime, lista, describe,
        explica, menciona, mencionan, hablan, temas, tema, puntos, aspectos, detalle, detalles, encontre, mostre,
        diga, liste, descreva, explique, mencionam, falam, temas, pontos, trouve, identifie, montre, dis, liste,
        décris, explique, mentionnent, parlent, thèmes, points, finde, zeige, sage, liste, beschreibe, erkläre,
        erwähnen, sprechen, themen, punkte, trova, identifica, mostra, dimmi, elenca, descrivi, spiega, menzionano,
        parlano, temi, punti, features, feature, funciones, características, recursos, fonctionnalités, funktionen,
        funzioni, caratteristiche, time, times, want, wants, would, quiere, quieren, querem, quer, veulent, veut, wollen,
        vuole, vogliono, würden, würde, ask, asks, asking, preguntan, pregunta, perguntam, pergunta, demandent, demande,
        fragen, fragt, chiede, chiedono, other, others, otras, otros, outras, outros, autres, andere, anderen, altri,
        altre, really, actually, davvero, realmente, vraiment, wirklich, disso, disto, nisso, davon, darüber, dazu,
        daran, tiveram, tuvieron, quais, hanno, avuto, bitte, por favor, favor, s'il vous plaît, per favore, recent, recently, new, today
        """

    /// Groups of words that mean the same across the six languages: a prompt keyword in a group also matches the
    /// group's other words.
    static let synonyms: [String] = [
        "skin, skins, piel, pele, peau, haut, pelle",
        "hair, cabello, pelo, cabelo, cheveux, haare, haar, capelli",
        "acne, acné, akne, pimple, pimples, breakout, breakouts, granos, espinhas, boutons, pickel, brufoli",
        "smell, smells, scent, fragrance, olor, huele, cheiro, odeur, parfum, geruch, duft, riecht, odore, profumo",
        "taste, tastes, flavor, flavour, sabor, sabe, goût, geschmack, schmeckt, sapore, gusto",
        "battery, batteries, batería, bateria, batterie, akku, batteria",
        "sound, sounds, audio, sonido, som, klang, suono",
        "noise, noisy, loud, ruido, ruidoso, barulho, barulhento, bruit, bruyant, laut, lärm, rumore, rumoroso",
        "size, sizing, talla, tamaño, tamanho, taille, größe, taglia, misura",
        "fit, fits, fitting, ajusta, passt, sitzt, calza",
        "comfort, comfortable, comfy, cómodo, cómoda, comodidad, confortável, conforto, confortable, confort, bequem, komfort, comodo, comoda",
        "recipe, recipes, receta, recetas, receita, receitas, recette, recettes, rezept, rezepte, ricetta, ricette",
        "book, books, libro, libros, livro, livros, buch, bücher, libri",
        "story, plot, historia, trama, história, enredo, histoire, intrigue, geschichte, handlung, storia, trama",
        "ending, end, final, fin, fim, ende, finale",
        "character, characters, personaje, personajes, personagem, personagens, personnage, personnages, figur, figuren, charakter, personaggio, personaggi",
        "shoe, shoes, sneaker, sneakers, zapatilla, zapatillas, zapato, zapatos, tênis, sapato, chaussure, chaussures, baskets, schuh, schuhe, scarpa, scarpe",
        "run, running, runs, ran, runner, correr, corrí, corro, corrida, courir, laufen, lauf, läufe, correre, corsa",
        "coffee, café, cafe, kaffee, caffè, caffe",
        "bottle, bottles, botella, garrafa, bouteille, gourde, flasche, bottiglia, borraccia",
        "cup, cups, mug, taza, vaso, copo, caneca, tasse, becher, tazza, bicchiere",
        "lid, lids, tapa, tampa, couvercle, deckel, coperchio, tappo",
        "screen, display, pantalla, tela, écran, bildschirm, schermo",
        "camera, cámara, câmera, caméra, kamera, fotocamera",
        "basket, cesta, canasta, cesto, panier, korb, cestello",
        "coating, nonstick, non-stick, antiadherente, antiaderente, revêtement, beschichtung, rivestimento",
        "pan, skillet, sartén, frigideira, poêle, pfanne, padella",
        "clean, cleaning, limpiar, limpieza, limpar, limpeza, nettoyer, nettoyage, reinigen, reinigung, pulire, pulizia",
        "ice, hielo, gelo, glace, eis, ghiaccio",
        "cold, frío, fría, frio, fria, froid, froide, kalt, freddo, fredda",
        "hot, warm, caliente, quente, chaud, chaude, heiß, caldo, calda",
        "sweet, dulce, doce, sucré, süß, dolce",
        "texture, textura, texture, textur, consistenza",
        "sunscreen, spf, protector solar, protetor solar, crème solaire, sonnencreme, crema solare",
        "moisturizer, hidratante, crème hydratante, feuchtigkeitscreme, idratante",
        "serum, sérum, siero",
        "pain, hurt, hurts, dolor, dor, douleur, schmerzen, schmerz, dolore",
        "blister, blisters, ampollas, ampolla, bolhas, bolha, ampoules, blasen, vesciche",
        "cushion, cushioning, amortiguación, amortecimento, amorti, dämpfung, ammortizzazione",
        "vintage, retro, retrô, rétro, vintage",
        "thrift, thrifted, thrifting, second hand, segunda mano, brechó, friperie, seconde main, secondhand, second-hand, usato",
        "clothes, clothing, ropa, roupa, roupas, vêtements, kleidung, vestiti, abbigliamento",
        "dress, vestido, robe, kleid, vestito",
        "pasta, pâtes, nudeln",
        "meal, meals, comida, comidas, refeição, repas, mahlzeit, pasto",
        "kids, children, niños, hijos, crianças, filhos, enfants, kinder, bambini, figli",
        "fast, quick, quickly, rápido, rápida, rapide, vite, schnell, veloce, rapido",
        "easy, fácil, facile, einfach, facile",
    ]
}

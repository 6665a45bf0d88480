extension SentimentLexicon {
    /// Portuguese (BR and PT) valences on a -4...4 scale.
    static let portugueseSource = """
        bom:1.9, boa:1.9, bons:1.8, boas:1.8, otimo:2.8, otima:2.8, excelente:3.1, perfeito:2.7, perfeita:2.7, maravilhoso:2.9,
        maravilhosa:2.9, incrivel:2.6, lindo:2.5, linda:2.5, lindos:2.4, lindas:2.4, lindeza:2.5, belo:2.3, bela:2.3, bonito:2.3,
        bonita:2.3, fofo:2.2, fofa:2.2, fofura:2.3, gato:1.0, gata:1.2, gostoso:2.0, gostosa:2.0, delicia:2.5, amo:3.0, amei:3.0,
        amando:2.8, amor:2.6, adoro:3.0, adorei:3.0, gosto:1.5, gostei:2.0, feliz:2.7, felizes:2.7, felicidade:2.7, parabens:2.8,
        alegria:2.6, obrigado:2.0, obrigada:2.0, grato:2.2, grata:2.2, melhor:2.0, melhores:2.0, top:1.8, show:1.6, legal:1.8,
        bacana:2.0, massa:1.6, demais:1.0, foda:1.4, sensacional:2.9, emocionante:2.4, incrivel:2.6, inteligente:2.0, orgulho:2.2,
        sucesso:2.4, ganhou:2.2, vitoria:2.6, campeao:2.5, sorte:1.8, sorriso:2.2, paz:2.2, sonho:1.6, lindissima:3.0,
        lindissimo:3.0, maravilha:2.8, divertido:2.2, divertida:2.2, engracado:1.6, beijo:2.0, beijos:2.0, abraco:2.2,
        recomendo:2.0, vale:0.4, qualidade:1.0, barato:0.8, arrasou:2.8, arrasa:2.6, diva:2.0, rainha:1.8, querida:1.8,
        querido:1.8, fantastico:2.7, espetacular:2.9, esperanca:2.0, uau:2.0, saudade:-0.2, saudades:-0.2, respeita:1.2,
        ruim:-2.4, pessimo:-2.9, pessima:-2.9, horrivel:-2.9, terrivel:-2.8, pior:-2.6, piores:-2.6, odeio:-3.0, odio:-2.8,
        triste:-2.2, tristeza:-2.4, chorar:-2.0, chorando:-2.1, chorei:-1.9, dor:-2.2, doente:-1.8, medo:-2.0, nojo:-2.6,
        nojento:-2.8, merda:-2.6, bosta:-2.6, porra:-1.6, caralho:-1.4, idiota:-2.6, burro:-2.0, burra:-2.0, estupido:-2.5,
        lixo:-2.6, chato:-2.0, chata:-2.0, chatice:-2.0, tedio:-1.8, cansado:-1.6, cansada:-1.6, cansativo:-1.8, raiva:-2.4,
        irritado:-2.0, irritada:-2.0, culpa:-1.5, problema:-1.6, problemas:-1.6, fracasso:-2.5, perdeu:-1.6, perder:-1.8,
        pobre:-1.6, sozinho:-1.4, sozinha:-1.4, vergonha:-2.4, ridiculo:-2.4, ridicula:-2.4, feio:-2.1, feia:-2.1, mal:-1.8,
        mau:-2.2, ma:-0.5, morte:-2.8, morreu:-2.6, morrer:-2.5, matar:-3.0, guerra:-2.8, sofrer:-2.3, sofrendo:-2.3,
        preocupado:-1.5, ansiedade:-1.5, decepcao:-2.4, decepcionado:-2.3, decepcionada:-2.3, mentira:-2.0, mentiroso:-2.3,
        falso:-1.8, golpe:-2.2, caro:-0.9, lento:-1.0, quebrado:-1.8, quebrou:-1.8, dificil:-1.2, injusto:-2.2, pena:-1.4,
        aff:-1.8, afff:-1.8, af:-1.4, machista:-2.6, racista:-3.0, racismo:-3.0, errado:-1.8, errada:-1.8, absurdo:-2.0,
        palhacada:-2.2, desastre:-2.8, lamentavel:-2.6, chatear:-1.8, chateado:-2.0, chateada:-2.0, odiei:-3.0, credo:-1.5,
        vish:-1.0, eca:-2.0, fdp:-2.6, puta:-1.8, desgraca:-2.6, desgracado:-2.6, porcaria:-2.4, nunca mais:-1.6,
        que lindo:2.8, que linda:2.8, muito bom:2.6, muito boa:2.6, bom dia:1.6, boa noite:1.2, feliz aniversario:2.6,
        que saudade:0.4, mt bom:2.6, mto bom:2.6, que nojo:-2.8, que vergonha:-2.6, que merda:-2.8, que raiva:-2.6,
        insuportavel:-2.6, coitado:-1.6, coitada:-1.6, embuste:-2.2, vitima:-2.2, eliminado:-1.2, eliminada:-1.2, ridicula:-2.4,
        horroroso:-2.8, pessimo:-2.9, triste demais:-2.6, nervoso:-1.4, nervosa:-1.4, odeia:-2.6, lixo:-2.6, vergonhoso:-2.6,
        apaixonada:2.6, apaixonado:2.6, ansiosa:0.6, sabedoria:2.0, maravilhosos:2.9, lindas:2.4, fa:1.2, orgulhosa:2.2,
        orgulhoso:2.2, especial:1.2, sucesso:2.4, feliz dia:2.2, parabens:2.8, obg:1.8, vlw:1.8, valeu:1.8, amooo:3.0, amoo:3.0,

        """
}

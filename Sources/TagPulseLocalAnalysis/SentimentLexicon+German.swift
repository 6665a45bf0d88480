extension SentimentLexicon {
    /// German valences on a -4...4 scale.
    static let germanSource = """
        gut:1.9, gute:1.9, guten:1.6, guter:1.9, gutes:1.9, super:2.2, toll:2.5, tolle:2.5, toller:2.5, tolles:2.5, klasse:2.4,
        prima:2.2, spitze:2.5, genial:2.8, geil:2.4, geile:2.4, geiler:2.4, hammer:2.2, mega:1.8, perfekt:2.7, perfekte:2.7,
        wunderbar:2.9, wunderschon:3.0, schon:0.3, schoen:2.0, schöne:2.2, schöner:2.2, schönes:2.2, hubsch:2.0, suss:2.0,
        susse:2.0, niedlich:2.0, herrlich:2.6, fantastisch:2.7, grossartig:2.9, ausgezeichnet:3.0, hervorragend:3.0, lieb:1.8,
        liebe:2.4, lieben:2.4, liebt:2.4, liebsten:2.0, mag:1.5, gefallt:1.8, glucklich:2.7, gluck:2.2, freude:2.6, freue:2.3,
        freuen:2.3, freut:2.3, froh:2.2, danke:2.0, dankbar:2.4, gluckwunsch:2.6, herzlichen:1.8, bravo:2.6, beste:2.5, besten:2.4,
        bester:2.5, besser:1.8, top:1.8, cool:1.4, lustig:1.8, witzig:1.8, spass:2.2, lachen:2.0, lacheln:2.2, gewonnen:2.6,
        sieg:2.6, gewinnen:2.2, frieden:2.2, traum:1.6, lecker:2.6, empfehlen:2.0, empfehlenswert:2.4, lohnt:1.0, qualitat:1.0,
        gunstig:1.0, stolz:2.0, freundlich:2.0, angenehm:1.8, endlich:0.6, yeah:1.4, juhu:2.4, yay:2.4, hurra:2.6, wow:2.0,
        schlecht:-2.4, schlechte:-2.4, schlechter:-2.4, schlimm:-2.4, schlimmer:-2.6, schlimmste:-2.9, furchtbar:-2.8,
        schrecklich:-2.9, grauenhaft:-2.9, mies:-2.2, scheisse:-2.6, scheiss:-2.4, kacke:-2.2, mist:-1.8, doof:-1.8, blod:-2.0,
        blode:-2.0, dumm:-2.2, dumme:-2.2, idiot:-2.3, idioten:-2.3, hasse:-3.0, hass:-3.0, hassen:-2.8, traurig:-2.2,
        trauer:-2.2, weinen:-2.0, schmerz:-2.2, schmerzen:-2.2, krank:-1.8, angst:-2.0, ekelhaft:-2.8, eklig:-2.6, ekel:-2.4,
        langweilig:-1.8, langweile:-1.8, mude:-1.4, nervt:-2.2, nervig:-2.2, genervt:-2.2, wutend:-2.4, wut:-2.4, sauer:-1.8,
        arger:-2.0, argern:-2.0, argerlich:-2.2, schuld:-1.5, problem:-1.6, probleme:-1.6, verloren:-1.8, verlieren:-1.8,
        arm:-1.0, allein:-1.0, einsam:-1.8, schade:-1.8, peinlich:-2.0, lacherlich:-2.2, hasslich:-2.4, tot:-2.5, tod:-2.8,
        sterben:-2.5, gestorben:-2.6, toten:-2.6, krieg:-2.8, leiden:-2.3, sorgen:-1.2, stress:-1.8, enttauscht:-2.3,
        enttauschung:-2.4, enttauschend:-2.4, luge:-2.0, lugen:-2.0, lugner:-2.3, falsch:-1.6, betrug:-2.8, teuer:-0.9,
        langsam:-1.0, kaputt:-2.0, schwer:-0.8, schwierig:-1.2, unfair:-2.0, leider:-1.6, katastrophe:-2.8, katastrophal:-2.8,
        mistig:-2.0, nervensage:-2.2, bah:-1.4, igitt:-2.2, ugh:-1.8, schwach:-1.2, sinnlos:-2.0, unmoglich:-1.6, rassist:-3.0,
        gefällt mir:2.2, nicht schlecht:1.4, nicht so gut:-1.6, alles gute:2.4, gute nacht:1.2, guten morgen:1.4,
        viel spass:2.2, zum kotzen:-3.0, so ein mist:-2.4,
        kopfschmerzen:-2.0, seufz:-1.6, aua:-1.8, weh:-1.6, quatsch:-1.4, kalt:-0.6, irgendwie:-0.3, verdammt:-2.0, scheiße:-2.6,
        leider:-1.6, nervig:-2.2, hassen:-2.8, bescheuert:-2.4, beschissen:-2.8, traurige:-2.2, krise:-2.2, korruption:-2.6,
        skandal:-2.6, unglaublich:0.0, zerstort:-2.4, verletzt:-2.0, gefahr:-2.0, gefahrlich:-2.2, opfer:-2.2, panik:-2.0,
        willkommen:2.0, grusse:1.4, gewinnt:2.0, gratuliert:2.4, gratulation:2.6, geschafft:2.0, nett:1.8, nette:1.8, schick:1.8,
        lach:1.2, hihi:1.2, awww:2.0, aww:2.0, naturlich:0.4, erfolg:2.4, erfolgreich:2.4, freundin:0.6, gluckwunsche:2.6,
        wunderschone:3.0, wunderschoner:3.0, schones:2.2, schonen:1.8, superschon:3.0, spitzenklasse:3.0, yippie:2.4,

        """
}

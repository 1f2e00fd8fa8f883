<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="de_DE">
<context>
    <name>DeliveryDialog</name>
    <message numerus="yes">
        <source>%n Artikel, {0} – werden an die Kundin / den Kunden geliefert.</source>
        <translation>
            <numerusform>%n Artikel, {0} – wird an die Kundin / den Kunden geliefert.</numerusform>
            <numerusform>%n Artikel, {0} – werden an die Kundin / den Kunden geliefert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message numerus="yes">
        <source>%n Artikel übernommen. Preise weichen ab – es gilt der Preis hier an der Kasse; bitte der Kundin sagen.</source>
        <translation>
            <numerusform>%n Artikel übernommen. Preise weichen ab – es gilt der Preis hier an der Kasse; bitte der Kundin sagen.</numerusform>
            <numerusform>%n Artikel übernommen. Preise weichen ab – es gilt der Preis hier an der Kasse; bitte der Kundin sagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Artikel übernommen, alle Preise wie online.</source>
        <translation>
            <numerusform>%n Artikel übernommen, Preis wie online.</numerusform>
            <numerusform>%n Artikel übernommen, alle Preise wie online.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message numerus="yes">
        <source>%n Artikel</source>
        <translation>
            <numerusform>%n Artikel</numerusform>
            <numerusform>%n Artikel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VoidConfirm</name>
    <message numerus="yes">
        <source>Den ganzen Bon mit %n Artikeln über {0} stornieren?</source>
        <translation>
            <numerusform>Den ganzen Bon mit %n Artikel über {0} stornieren?</numerusform>
            <numerusform>Den ganzen Bon mit %n Artikeln über {0} stornieren?</numerusform>
        </translation>
    </message>
</context>
</TS>

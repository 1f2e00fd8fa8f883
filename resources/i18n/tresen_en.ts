<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
<context>
    <name>CameraDialog</name>
    <message>
        <source>Kamera-Scanner</source>
        <translation>Camera scanner</translation>
    </message>
    <message>
        <source>Testbilder</source>
        <translation>Test images</translation>
    </message>
    <message>
        <source>Kamera {0}</source>
        <translation>Camera {0}</translation>
    </message>
    <message>
        <source>Starten</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Kein Bild</source>
        <translation>No image</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Keine Kamera gefunden. Bitte anschließen oder den Handscanner benutzen.</source>
        <translation>No camera found. Please connect one or use the hand scanner.</translation>
    </message>
    <message>
        <source>Code vor die Kamera halten.</source>
        <translation>Hold the code up to the camera.</translation>
    </message>
    <message>
        <source>✓ gelesen: {0}</source>
        <translation>✓ Scanned: {0}</translation>
    </message>
</context>
<context>
    <name>CardRefundFlow</name>
    <message>
        <source>Terminal fragen (F7)</source>
        <translation>Check terminal (F7)</translation>
    </message>
    <message>
        <source>Eine Kartengutschrift über {0} ist ungeklärt. Bitte das Terminal fragen (F7), bevor anders erstattet wird.</source>
        <translation>A card refund of {0} is unresolved. Please ask the terminal (F7) before refunding another way.</translation>
    </message>
    <message>
        <source>Bitte Karte an das Terminal halten – Gutschrift {0} …</source>
        <translation>Please tap the card on the terminal – refund {0} …</translation>
    </message>
    <message>
        <source>Frage das Terminal nach der Gutschrift …</source>
        <translation>Asking the terminal about the refund …</translation>
    </message>
    <message>
        <source>Keine Antwort vom Terminal – ob erstattet wurde, ist unklar. Bitte NICHT anders erstatten, sondern das Terminal fragen (F7).</source>
        <translation>No response from the terminal – unclear whether it was refunded. Do NOT refund another way; ask the terminal (F7).</translation>
    </message>
    <message>
        <source>Kartengutschrift abgelehnt. Nichts wurde gebucht – erneut versuchen oder anders erstatten.</source>
        <translation>Card refund declined. Nothing was posted – try again or refund another way.</translation>
    </message>
    <message>
        <source>Kartenterminal nicht erreichbar. Nichts wurde erstattet – bitte später erneut oder anders erstatten.</source>
        <translation>Card terminal unreachable. Nothing was refunded – please try again later or refund another way.</translation>
    </message>
    <message>
        <source>Das Terminal hat nichts erstattet. Sie können erneut oder anders erstatten.</source>
        <translation>The terminal refunded nothing. You can try again or refund another way.</translation>
    </message>
</context>
<context>
    <name>CartActions</name>
    <message>
        <source>Coupon einlösen …</source>
        <translation>Redeem coupon …</translation>
    </message>
    <message>
        <source>Treuepunkte einlösen …</source>
        <translation>Redeem loyalty points …</translation>
    </message>
    <message>
        <source>Geschenkkarte verkaufen …</source>
        <translation>Sell gift card …</translation>
    </message>
    <message>
        <source>Geschenkkarte prüfen (Guthaben, Verlauf) …</source>
        <translation>Check gift card (balance, history) …</translation>
    </message>
    <message>
        <source>Letzte Geschenkkarte vom Bon nehmen</source>
        <translation>Remove last gift card from receipt</translation>
    </message>
    <message>
        <source>Geschenkkarte {0} vom Bon genommen.</source>
        <translation>Gift card {0} removed from receipt.</translation>
    </message>
    <message>
        <source>Guthaben: {0}</source>
        <translation>Balance: {0}</translation>
    </message>
    <message>
        <source>Zum Bezahlen: BEZAHLEN (F12), dann Gutschein (F6).</source>
        <translation>To redeem: PAY (F12), then Voucher (F6).</translation>
    </message>
    <message>
        <source>Verlauf gerade nicht abrufbar (keine Verbindung zur Zentrale).</source>
        <translation>History not available right now (no connection to head office).</translation>
    </message>
    <message>
        <source>online, Bestellung {0}</source>
        <translation>online, order {0}</translation>
    </message>
    <message>
        <source>Markt {0}</source>
        <translation>Store {0}</translation>
    </message>
    <message>
        <source>ausgegeben</source>
        <translation>issued</translation>
    </message>
    <message>
        <source>eingelöst</source>
        <translation>redeemed</translation>
    </message>
    <message>
        <source>Geschenkkarte {0}</source>
        <translation>Gift card {0}</translation>
    </message>
    <message>
        <source>Rabatt auf {0}</source>
        <translation>Discount on {0}</translation>
    </message>
    <message>
        <source>Rabatt auf den ganzen Bon</source>
        <translation>Discount on whole receipt</translation>
    </message>
    <message>
        <source>Coupon {0} entfernt.</source>
        <translation>Coupon {0} removed.</translation>
    </message>
    <message>
        <source>Der Warenkorb ist leer – nichts zu parken</source>
        <translation>The basket is empty – nothing to park</translation>
    </message>
    <message>
        <source>Bon geparkt. Mit F8 fortsetzen.</source>
        <translation>Receipt parked. Resume with F8.</translation>
    </message>
    <message>
        <source>Geparkter Bon fortgesetzt.</source>
        <translation>Parked receipt resumed.</translation>
    </message>
    <message>
        <source>Nicht storniert.</source>
        <translation>Void cancelled – receipt kept.</translation>
    </message>
    <message>
        <source>Bon storniert.</source>
        <translation>Receipt voided.</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <source>Artikel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Menge</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Preis</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Rabatt</source>
        <translation>Discount</translation>
    </message>
    <message>
        <source>Summe</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Preis im Katalog jetzt {0}; dieser Bon behält {1}</source>
        <translation>Catalogue price now {0}; this receipt keeps {1}</translation>
    </message>
    <message>
        <source>Geschenkkarte {0}</source>
        <translation>Gift card {0}</translation>
    </message>
</context>
<context>
    <name>CashCountWidget</name>
    <message>
        <source>Scheine</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Münzen</source>
        <translation>Coins</translation>
    </message>
    <message>
        <source>Anzahl {0}</source>
        <translation>Count {0}</translation>
    </message>
    <message>
        <source>Gezählt: {0}</source>
        <translation>Counted: {0}</translation>
    </message>
</context>
<context>
    <name>CashMovementDialog</name>
    <message>
        <source>Geldtransit: in den Tresor / zur Bank</source>
        <translation>Cash transfer: to safe / bank</translation>
    </message>
    <message>
        <source>Geldtransit: aus dem Tresor / von der Bank</source>
        <translation>Cash transfer: from safe / bank</translation>
    </message>
    <message>
        <source>Einzahlung</source>
        <translation>Paid in</translation>
    </message>
    <message>
        <source>Auszahlung (z. B. Paketdienst, Kleinbeträge)</source>
        <translation>Paid out (e.g. courier, small amounts)</translation>
    </message>
    <message>
        <source>Lohnzahlung</source>
        <translation>Wage payment</translation>
    </message>
    <message>
        <source>Trinkgeld an Mitarbeitende</source>
        <translation>Tips to staff</translation>
    </message>
    <message>
        <source>Privatentnahme</source>
        <translation>Owner withdrawal</translation>
    </message>
    <message>
        <source>Privateinlage</source>
        <translation>Owner deposit</translation>
    </message>
    <message>
        <source>Bargeld ein- oder auszahlen</source>
        <translation>Cash in or cash out</translation>
    </message>
    <message>
        <source>z. B. Tresor, DHL-Nachnahme, Name</source>
        <translation>e.g. safe, DHL COD, name</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Betrag (€)</source>
        <translation>Amount (€)</translation>
    </message>
    <message>
        <source>Vermerk</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Buchen</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Bitte einen Betrag wie 50,00 eingeben</source>
        <translation>Please enter an amount like 50.00</translation>
    </message>
    <message>
        <source>{0}: {1} gebucht (Beleg {2}).</source>
        <translation>{0}: {1} recorded (receipt {2}).</translation>
    </message>
</context>
<context>
    <name>CloseDayDialog</name>
    <message>
        <source>Tagesabschluss (Z) – Kasse zählen</source>
        <translation>End-of-day closing (Z) – count till</translation>
    </message>
    <message>
        <source>Bitte die ganze Schublade zählen. Der Soll-Bestand wird erst nach dem Zählen gezeigt (Blindzählung).</source>
        <translation>Please count the whole drawer. The expected amount is only shown after counting (blind count).</translation>
    </message>
    <message>
        <source>Gezählt – Tag abschließen</source>
        <translation>Counted – close day</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Marktleitung holen …</source>
        <translation>Call manager …</translation>
    </message>
    <message>
        <source>Die Zählung steht fest und ist gespeichert. Den Tag schließt eine Marktleitung ab.</source>
        <translation>The count is final and saved. A manager closes the day.</translation>
    </message>
</context>
<context>
    <name>ConflictInbox</name>
    <message>
        <source>Negativer Bestand</source>
        <translation>Negative stock</translation>
    </message>
    <message>
        <source>Zu viel erstattet</source>
        <translation>Over-refunded</translation>
    </message>
    <message>
        <source>Doppelt bezahlt</source>
        <translation>Paid twice</translation>
    </message>
    <message>
        <source>Zu viel ausgegeben</source>
        <translation>Too much handed over</translation>
    </message>
    <message>
        <source>Gutschein unbekannt</source>
        <translation>Voucher unknown</translation>
    </message>
    <message>
        <source>Gutschein überzogen</source>
        <translation>Voucher overdrawn</translation>
    </message>
    <message>
        <source>Bon-ID doppelt (IT)</source>
        <translation>Receipt ID clash (IT)</translation>
    </message>
    <message>
        <source>Erstattung über Bezahltem</source>
        <translation>Refund above amount paid</translation>
    </message>
    <message>
        <source>Gesperrter Gutschein eingelöst</source>
        <translation>Blocked voucher redeemed</translation>
    </message>
    <message>
        <source>Vorgang nicht verbucht (IT)</source>
        <translation>Transaction not posted (IT)</translation>
    </message>
    <message>
        <source>Journal verändert (IT)</source>
        <translation>Journal altered (IT)</translation>
    </message>
    <message>
        <source>Journal lückenhaft (IT)</source>
        <translation>Journal incomplete (IT)</translation>
    </message>
    <message>
        <source>Coupon zu oft eingelöst</source>
        <translation>Coupon redeemed too often</translation>
    </message>
    <message>
        <source>Coupon unbekannt</source>
        <translation>Coupon unknown</translation>
    </message>
    <message>
        <source>Treuepunkte im Minus</source>
        <translation>Loyalty points negative</translation>
    </message>
    <message>
        <source>Treuepunkte: Karte unbekannt</source>
        <translation>Loyalty points: card unknown</translation>
    </message>
    <message>
        <source>Sendung doppelt gepackt</source>
        <translation>Shipment packed twice</translation>
    </message>
    <message>
        <source>Lieferauftrag</source>
        <translation>Delivery order</translation>
    </message>
    <message>
        <source>Abholung</source>
        <translation>Collection</translation>
    </message>
    <message>
        <source>Verkauf</source>
        <translation>Sale</translation>
    </message>
    <message>
        <source>Rückgabe</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Zählung</source>
        <translation>Stock count</translation>
    </message>
    <message>
        <source>{0} ({1}): Bestand {2}</source>
        <translation>{0} ({1}): stock {2}</translation>
    </message>
    <message>
        <source>Artikel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>, tiefster Stand {0}</source>
        <translation>, lowest {0}</translation>
    </message>
    <message>
        <source>Bon {0} an Kasse {1}</source>
        <translation>Receipt {0} at register {1}</translation>
    </message>
    <message>
        <source>Abgang</source>
        <translation>Removal</translation>
    </message>
    <message>
        <source>{0} (Kasse {1})</source>
        <translation>{0} (register {1})</translation>
    </message>
    <message>
        <source>{0} – {1} Abgänge ins Minus, zuletzt {2}, {3}</source>
        <translation>{0} – {1} removals into negative, last {2}, {3}</translation>
    </message>
    <message>
        <source>{0} nach {2}, {3}</source>
        <translation>{0} after {2}, {3}</translation>
    </message>
    <message>
        <source>. Gezählt: {0} (Bestand danach {1}) an Kasse {2}, {3}</source>
        <translation>. Counted: {0} (stock then {1}) at register {2}, {3}</translation>
    </message>
    <message>
        <source>Bon {0} von Kasse {1} trägt die ID eines Bons von Kasse {2} – nicht verbucht, bitte IT verständigen</source>
        <translation>Receipt {0} from register {1} has the ID of a receipt from register {2} – not posted, please contact IT</translation>
    </message>
    <message>
        <source>{0} ({1} Stk, {2})</source>
        <translation>{0} ({1} pcs, {2})</translation>
    </message>
    <message>
        <source>{0}: verkauft {1}, zurückgenommen {2} – {3} zu viel. Rücknahmen: {4}</source>
        <translation>{0}: sold {1}, taken back {2} – {3} too many. Returns: {4}</translation>
    </message>
    <message>
        <source>Artikel {0}</source>
        <translation>Item {0}</translation>
    </message>
    <message>
        <source>Rückgabe an Kasse {0} (Bon {1}): erstattet {2}, davon {3} mehr als bezahlt</source>
        <translation>Return at register {0} (receipt {1}): refunded {2}, {3} more than paid</translation>
    </message>
    <message>
        <source> – Gutschein {0} gesperrt, bis Sie hier bestätigen</source>
        <translation> – voucher {0} blocked until you confirm here</translation>
    </message>
    <message>
        <source> – Online-Erstattung angehalten, bis Sie hier bestätigen</source>
        <translation> – online refund on hold until you confirm here</translation>
    </message>
    <message>
        <source>Gutschein {0} an Kasse {1} mit {2} eingelöst, obwohl er zur Prüfung gesperrt ist – der Verkauf steht</source>
        <translation>Voucher {0} redeemed at register {1} for {2} although blocked for review – the sale stands</translation>
    </message>
    <message>
        <source>Vorgang</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>{0} Nr. {1} von Kasse {2} konnte die Zentrale nicht verbuchen (technischer Fehler, für die IT protokolliert) – bitte IT verständigen</source>
        <translation>Head office could not post {0} no. {1} from register {2} (technical error, logged for IT) – please contact IT</translation>
    </message>
    <message>
        <source>Eintrag {0} des Kassenjournals von Kasse {1} ist verändert oder passt nicht in die Kette – bitte IT verständigen</source>
        <translation>Entry {0} of the journal of register {1} is altered or does not fit the chain – please contact IT</translation>
    </message>
    <message>
        <source>Vor Eintrag {0} des Kassenjournals von Kasse {1} fehlt ein Eintrag – bitte IT verständigen</source>
        <translation>An entry is missing before entry {0} of the journal of register {1} – please contact IT</translation>
    </message>
    <message>
        <source>an Kasse {0}</source>
        <translation>at register {0}</translation>
    </message>
    <message>
        <source>im Online-Shop</source>
        <translation>in the online shop</translation>
    </message>
    <message>
        <source>ohne Kunde eingelöst</source>
        <translation>redeemed without a customer</translation>
    </message>
    <message>
        <source>für einen anderen als den Kunden eingelöst, dem er gehört</source>
        <translation>redeemed for a customer other than its owner</translation>
    </message>
    <message>
        <source>vom selben Kunden öfter als {0}× eingelöst</source>
        <translation>redeemed by the same customer more than {0}×</translation>
    </message>
    <message>
        <source>Coupon {0} {1} {2} – der Verkauf steht; bitte prüfen</source>
        <translation>Coupon {0} {1} {2} – the sale stands; please check</translation>
    </message>
    <message>
        <source>erlaubt {0}×</source>
        <translation>{0}× allowed</translation>
    </message>
    <message>
        <source>je Kunde {0}×</source>
        <translation>{0}× per customer</translation>
    </message>
    <message>
        <source>Coupon {0} {1}× eingelöst ({2}), zuletzt an Kasse {3} – der Verkauf steht; bitte prüfen</source>
        <translation>Coupon {0} redeemed {1}× ({2}), last at register {3} – the sale stands; please check</translation>
    </message>
    <message>
        <source>Online-Shop</source>
        <translation>Online shop</translation>
    </message>
    <message>
        <source>Coupon {0} an Kasse {1} eingelöst, der Zentrale aber unbekannt – bitte prüfen</source>
        <translation>Coupon {0} redeemed at register {1}, but unknown to head office – please check</translation>
    </message>
    <message>
        <source>Kundenkarte {0}: {1} Punkte an Kasse {2} eingelöst, Punktestand jetzt {3} – ohne Verbindung an zwei Kassen eingelöst; der Verkauf steht, bitte mit der Kundin klären</source>
        <translation>Loyalty card {0}: {1} points redeemed at register {2}, balance now {3} – redeemed offline at two registers; the sale stands, please sort it out with the customer</translation>
    </message>
    <message>
        <source>Kundenkarte {0} ist der Zentrale unbekannt, an Kasse {1} wurden {2} Punkte eingelöst – bitte prüfen</source>
        <translation>Loyalty card {0} is unknown to head office; {2} points were redeemed at register {1} – please check</translation>
    </message>
    <message>
        <source>Sendung {0} wurde an Kasse {1} ein zweites Mal gepackt (Paket {2}; gebucht ist Paket {3}) – das zweite Paket nicht versenden, die Ware zurück ins Regal</source>
        <translation>Shipment {0} was packed a second time at register {1} (parcel {2}; parcel {3} is booked) – do not ship the second parcel, put the goods back on the shelf</translation>
    </message>
    <message>
        <source>Warenkorb {0} online bestellt und an Kasse {1} bezahlt – eine Zahlung erstatten</source>
        <translation>Basket {0} ordered online and paid at register {1} – refund one payment</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Nachweis</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Seit</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Zur Kenntnis genommen</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>Gelöst … (mit Notiz)</source>
        <translation>Resolve … (add note)</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Nur die Marktleitung kann Konflikte bearbeiten.</source>
        <translation>Only a manager can handle conflicts.</translation>
    </message>
    <message>
        <source>{0} offen · {1} erledigt (Verlauf)</source>
        <translation>{0} open · {1} done (history)</translation>
    </message>
    <message>
        <source>Keine Konflikte.</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <source>zur Kenntnis</source>
        <translation>acknowledged</translation>
    </message>
    <message>
        <source>gelöst</source>
        <translation>resolved</translation>
    </message>
    <message>
        <source>Konflikt lösen</source>
        <translation>Resolve conflict</translation>
    </message>
    <message>
        <source>Was wurde getan?</source>
        <translation>How was it resolved?</translation>
    </message>
    <message>
        <source>Sende an die Zentrale …</source>
        <translation>Sending to head office …</translation>
    </message>
    <message>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Nicht gesendet – die Zentrale ist nicht erreichbar. Bitte später erneut.</source>
        <translation>Not sent – head office is unreachable. Please try again later.</translation>
    </message>
</context>
<context>
    <name>CountDialog</name>
    <message>
        <source>Bestand zählen</source>
        <translation>Count stock</translation>
    </message>
    <message>
        <source>{0}
Laut Kasse im Markt: {1} {2}. Wie viel ist tatsächlich da?</source>
        <translation>{0}
Recorded in store: {1} {2}. How many are actually there?</translation>
    </message>
    <message>
        <source>Bestand übernehmen</source>
        <translation>Save count</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Tresen</source>
        <translation>Tresen</translation>
    </message>
    <message>
        <source>Ein unerwarteter Fehler ist aufgetreten. Die Kasse arbeitet weiter; der letzte Schritt wurde vielleicht nicht ausgeführt – bitte prüfen. Die Einzelheiten stehen im Protokoll der Kasse; tritt es wieder auf, bitte IT verständigen.</source>
        <translation>An unexpected error occurred. The register keeps working; the last step may not have been carried out – please check. Details are in the register&apos;s log; if it happens again, please contact IT.</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>gesammelt</source>
        <translation>earned</translation>
    </message>
    <message>
        <source>eingelöst</source>
        <translation>redeemed</translation>
    </message>
    <message>
        <source>Rückgabe</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>verfallen</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>Markt {0}</source>
        <translation>Store {0}</translation>
    </message>
    <message>
        <source>Treuepunkte: {0} (= {1})</source>
        <translation>Loyalty points: {0} (= {1})</translation>
    </message>
    <message>
        <source>   ·   zuletzt: {0}</source>
        <translation>   ·   last: {0}</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Kundenkarte scannen, oder E-Mail bzw. Telefonnummer eingeben</source>
        <translation>Scan loyalty card, or enter email or phone number</translation>
    </message>
    <message>
        <source>Suchen</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Kanal</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Einkauf</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>Summe</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Dem Bon zuordnen</source>
        <translation>Add to receipt</translation>
    </message>
    <message>
        <source>Nur Kundenkarte notieren</source>
        <translation>Record loyalty card only</translation>
    </message>
    <message>
        <source>Kunde vom Bon nehmen</source>
        <translation>Remove customer</translation>
    </message>
    <message>
        <source>Punkte einlösen …</source>
        <translation>Redeem points …</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Am Bon: {0}</source>
        <translation>On receipt: {0}</translation>
    </message>
    <message>
        <source>   ·   Treuepunkte: {0}</source>
        <translation>   ·   Loyalty points: {0}</translation>
    </message>
    <message>
        <source>Bitte Kundenkarte, E-Mail oder Telefonnummer eingeben.</source>
        <translation>Please enter loyalty card, email or phone number.</translation>
    </message>
    <message>
        <source>Suche …</source>
        <translation>Searching …</translation>
    </message>
    <message>
        <source>. Die Kundenkarte kann trotzdem am Bon notiert werden.</source>
        <translation>. The loyalty card can still be recorded on the receipt.</translation>
    </message>
    <message>
        <source>Keine Kundin und kein Kunde gefunden.</source>
        <translation>No customer found.</translation>
    </message>
    <message>
        <source>ohne Karte</source>
        <translation>no card</translation>
    </message>
    <message>
        <source>{0} gefunden.</source>
        <translation>{0} found.</translation>
    </message>
    <message>
        <source>Persönliche Coupons: {0}</source>
        <translation>Personal coupons: {0}</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Filialverkauf</source>
        <translation>Store sale</translation>
    </message>
    <message>
        <source>Online-Korb im Markt</source>
        <translation>Online basket in store</translation>
    </message>
    <message>
        <source>Click &amp; Collect</source>
        <translation>Click &amp; Collect</translation>
    </message>
    <message>
        <source>Lieferung (im Markt bestellt)</source>
        <translation>Delivery (ordered in store)</translation>
    </message>
    <message>
        <source>Versand aus dem Markt</source>
        <translation>Shipping from store</translation>
    </message>
</context>
<context>
    <name>DashboardDialog</name>
    <message>
        <source>Kennzahlen des Markts</source>
        <translation>Store figures</translation>
    </message>
    <message>
        <source>heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>{0} Tage</source>
        <translation>{0} days</translation>
    </message>
    <message>
        <source>Vorgänge</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <source>Ø Bon</source>
        <translation>Avg. sale</translation>
    </message>
    <message>
        <source>Ø Artikel</source>
        <translation>Avg. items</translation>
    </message>
    <message>
        <source>Retouren</source>
        <translation>Returns</translation>
    </message>
    <message>
        <source>Umsatz heute und in {0} Tagen; Vorgänge, Ø Bon, Ø Artikel je Vorgang und Retourenquote in {0} Tagen (Rückgaben zählen beim Kanal und Tag des Verkaufs)</source>
        <translation>Sales today and over {0} days; transactions, avg. receipt, avg. items per transaction and return rate over {0} days (returns count towards the channel and day of sale)</translation>
    </message>
    <message>
        <source>Aktualisieren</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Frage die Zentrale nach den aktuellen Zahlen …</source>
        <translation>Asking head office for the latest figures …</translation>
    </message>
    <message>
        <source>Noch keine Zahlen – die Zentrale ist nicht erreichbar.</source>
        <translation>No figures yet – head office is unreachable.</translation>
    </message>
    <message>
        <source>Offline: Stand {0} (vor {1} min)</source>
        <translation>Offline: as of {0} ({1} min ago)</translation>
    </message>
    <message>
        <source>Stand {0}</source>
        <translation>As of {0}</translation>
    </message>
    <message>
        <source>Abholungen offen: {0} · offene Konflikte: {1}</source>
        <translation>Collections waiting: {0} · open conflicts: {1}</translation>
    </message>
    <message>
        <source>Abholungen offen: {0} · Zeit bis zur Abholung: {1} · offene Konflikte: {2} · TSE-Ausfälle: {3}</source>
        <translation>Collections waiting: {0} · time to collection: {1} · open conflicts: {2} · TSE outages: {3}</translation>
    </message>
    <message>
        <source>Umsatz je Kanal ({0} Tage), €</source>
        <translation>Sales by channel ({0} days), €</translation>
    </message>
    <message>
        <source>Filiale</source>
        <translation>Store</translation>
    </message>
    <message>
        <source>Online-Korb</source>
        <translation>Online basket</translation>
    </message>
    <message>
        <source>C&amp;C</source>
        <translation>C&amp;C</translation>
    </message>
    <message>
        <source>Lieferung</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Versand</source>
        <translation>Shipping</translation>
    </message>
    <message>
        <source>Filialumsatz je Stunde ({0} Tage), €</source>
        <translation>Store sales per hour ({0} days), €</translation>
    </message>
    <message>
        <source>Top-Artikel ({0} Tage)</source>
        <translation>Top items ({0} days)</translation>
    </message>
</context>
<context>
    <name>DayReportDialog</name>
    <message>
        <source>Z-Bon {0}</source>
        <translation>Z report {0}</translation>
    </message>
    <message>
        <source>Schubladenabrechnung</source>
        <translation>Drawer report</translation>
    </message>
    <message>
        <source>X-Bericht</source>
        <translation>X report</translation>
    </message>
    <message>
        <source>Drucken (F4)</source>
        <translation>Print (F4)</translation>
    </message>
    <message>
        <source>Als PDF (F6)</source>
        <translation>As PDF (F6)</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>PDF nicht gespeichert: {0}</source>
        <translation>PDF not saved: {0}</translation>
    </message>
    <message>
        <source>Gespeichert: {0}</source>
        <translation>Saved: {0}</translation>
    </message>
    <message>
        <source>Kein Bondrucker eingerichtet.</source>
        <translation>No receipt printer set up.</translation>
    </message>
    <message>
        <source>Gedruckt.</source>
        <translation>Printed.</translation>
    </message>
    <message>
        <source>Nicht gedruckt.</source>
        <translation>Not printed.</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <source>Lieferung nach Hause</source>
        <translation>Home delivery</translation>
    </message>
    <message numerus="yes">
        <source>%n Artikel, {0} – werden an die Kundin / den Kunden geliefert.</source>
        <translation>
            <numerusform>%n item, {0} – will be delivered to the customer.</numerusform>
            <numerusform>%n items, {0} – will be delivered to the customer.</numerusform>
        </translation>
    </message>
    <message>
        <source>alles vorrätig</source>
        <translation>all in stock</translation>
    </message>
    <message>
        <source>fehlt: {0}</source>
        <translation>missing: {0}</translation>
    </message>
    <message>
        <source>für die Versandbestätigung (optional)</source>
        <translation>for the shipping confirmation (optional)</translation>
    </message>
    <message>
        <source>Straße Hausnummer
PLZ Ort</source>
        <translation>Street and number
Postcode and town</translation>
    </message>
    <message>
        <source>Versand aus:</source>
        <translation>Ship from:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Lieferadresse:</source>
        <translation>Delivery address:</translation>
    </message>
    <message>
        <source>E-Mail:</source>
        <translation>Email:</translation>
    </message>
    <message>
        <source>Als Lieferung kassieren</source>
        <translation>Charge as delivery</translation>
    </message>
    <message>
        <source>Abbrechen (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Andere Märkte werden bei der Zentrale abgefragt …</source>
        <translation>Asking head office about other stores …</translation>
    </message>
    <message>
        <source>Andere Märkte nur mit Verbindung zur Zentrale.</source>
        <translation>Other stores only with a connection to head office.</translation>
    </message>
    <message>
        <source>Andere Märkte nicht abrufbar ({0}).</source>
        <translation>Other stores not available ({0}).</translation>
    </message>
    <message>
        <source>Bestände der anderen Märkte: Stand jetzt, von der Zentrale.</source>
        <translation>Other stores&apos; stock: as of now, from head office.</translation>
    </message>
    <message>
        <source>Kein Lager und kein anderer Markt bekannt.</source>
        <translation>No warehouse or other store known.</translation>
    </message>
</context>
<context>
    <name>DiscountDialog</name>
    <message>
        <source>z. B. 10 oder 2,50</source>
        <translation>e.g. 10 or 2.50</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>€</source>
        <translation>€</translation>
    </message>
    <message>
        <source>Rabatt entfernen</source>
        <translation>Remove discount</translation>
    </message>
    <message>
        <source>Rabatt:</source>
        <translation>Discount:</translation>
    </message>
    <message>
        <source>Prozent zwischen 0 und 100</source>
        <translation>Enter a percentage between 0 and 100</translation>
    </message>
    <message>
        <source>Betrag größer als 0</source>
        <translation>Amount greater than 0</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <source>Bons und Berichte werden auf Deutsch gedruckt, wie es das Gesetz verlangt.</source>
        <translation>Receipts and reports are printed in German, as the law requires.</translation>
    </message>
</context>
<context>
    <name>DsfinvkExportDialog</name>
    <message>
        <source>der Datenträger ist voll</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>der Speicherplatz des Benutzers ist aufgebraucht</source>
        <translation>the user&apos;s disk quota is used up</translation>
    </message>
    <message>
        <source>keine Schreibrechte für diesen Ordner</source>
        <translation>no write permission for this folder</translation>
    </message>
    <message>
        <source>der Datenträger ist schreibgeschützt</source>
        <translation>the disk is write-protected</translation>
    </message>
    <message>
        <source>ein Teil des Pfads ist eine Datei, kein Ordner</source>
        <translation>part of the path is a file, not a folder</translation>
    </message>
    <message>
        <source>der Ordner ist nicht erreichbar</source>
        <translation>the folder cannot be reached</translation>
    </message>
    <message>
        <source>DSFinV-K-Export (Marktleitung)</source>
        <translation>DSFinV-K export (manager)</translation>
    </message>
    <message>
        <source>Die Tagesabschlüsse dieser Kasse ({0}) für die Finanzverwaltung, aus dem Journal der Kasse – auch ohne Verbindung zur Zentrale.</source>
        <translation>This register&apos;s ({0}) end-of-day closings for the tax authorities, from the register&apos;s journal – even without a connection to head office.</translation>
    </message>
    <message>
        <source>Ordner wählen …</source>
        <translation>Choose folder …</translation>
    </message>
    <message>
        <source>Abschlüsse vom</source>
        <translation>Closings from</translation>
    </message>
    <message>
        <source>bis einschließlich</source>
        <translation>to (inclusive)</translation>
    </message>
    <message>
        <source>Ordner</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Exportieren</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ordner für den Export</source>
        <translation>Folder for the export</translation>
    </message>
    <message>
        <source>Bitte zuerst anmelden.</source>
        <translation>Please log in first.</translation>
    </message>
    <message>
        <source>Das Bis-Datum liegt vor dem Von-Datum.</source>
        <translation>The end date is before the start date.</translation>
    </message>
    <message>
        <source>Bitte einen Ordner für den Export angeben.</source>
        <translation>Please specify a folder for the export.</translation>
    </message>
    <message>
        <source>Export läuft …</source>
        <translation>Exporting …</translation>
    </message>
    <message>
        <source>Abgebrochen – nichts exportiert.</source>
        <translation>Cancelled – nothing exported.</translation>
    </message>
    <message>
        <source>Nicht exportiert: {0}</source>
        <translation>Not exported: {0}</translation>
    </message>
    <message>
        <source>Nicht exportiert nach {0}: {1}.</source>
        <translation>Not exported to {0}: {1}.</translation>
    </message>
    <message>
        <source>Nicht exportiert: die Daten der Kasse sind nicht lesbar ({0}). Bitte IT verständigen.</source>
        <translation>Not exported: the register&apos;s data cannot be read ({0}). Please contact IT.</translation>
    </message>
    <message>
        <source>Nicht exportiert: unerwarteter Fehler ({0}). Bitte IT verständigen.</source>
        <translation>Not exported: unexpected error ({0}). Please contact IT.</translation>
    </message>
    <message>
        <source>1 Abschluss</source>
        <translation>1 closing</translation>
    </message>
    <message>
        <source>{0} Abschlüsse</source>
        <translation>{0} closings</translation>
    </message>
    <message>
        <source>1 Bon</source>
        <translation>1 receipt</translation>
    </message>
    <message>
        <source>{0} Bons</source>
        <translation>{0} receipts</translation>
    </message>
    <message>
        <source>{0} exportiert nach {1}</source>
        <translation>{0} exported to {1}</translation>
    </message>
    <message>
        <source>Keine Abschlüsse dieser Kasse im Zeitraum – leerer Export in {0}</source>
        <translation>No closings of this register in the period – empty export in {0}</translation>
    </message>
    <message>
        <source>1 Hinweis</source>
        <translation>1 warning</translation>
    </message>
    <message>
        <source>{0} Hinweise</source>
        <translation>{0} warnings</translation>
    </message>
    <message>
        <source>{0} – bitte prüfen, bevor der Export weitergegeben wird:</source>
        <translation>{0} – please check before passing on the export:</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Online-Warenkorb übernehmen</source>
        <translation>Load online basket</translation>
    </message>
    <message>
        <source>QR-Code auf dem Handy der Kundin scannen oder den 6-stelligen Code eintippen.</source>
        <translation>Scan the QR code on the customer&apos;s phone or type in the 6-character code.</translation>
    </message>
    <message>
        <source>z. B. TRE5EN</source>
        <translation>e.g. TRE5EN</translation>
    </message>
    <message>
        <source>Übernehmen</source>
        <translation>Load basket</translation>
    </message>
    <message>
        <source>Artikel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Menge</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Preis online</source>
        <translation>Online price</translation>
    </message>
    <message>
        <source>Preis hier</source>
        <translation>Price here</translation>
    </message>
    <message>
        <source>Neuen Bon beginnen</source>
        <translation>Start new receipt</translation>
    </message>
    <message>
        <source>Weiter zum Bon (Enter)</source>
        <translation>Continue (Enter)</translation>
    </message>
    <message>
        <source>Abbrechen (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>Das ist kein Übergabe-Code. Er hat 6 Zeichen, z. B. TRE5EN.</source>
        <translation>This is not a handover code. It has 6 characters, e.g. TRE5EN.</translation>
    </message>
    <message>
        <source>Bitte zuerst den offenen Bon abschließen oder parken (F7).</source>
        <translation>Please complete or park the open receipt first (F7).</translation>
    </message>
    <message>
        <source>Warenkorb {0} wird übernommen …</source>
        <translation>Taking over basket {0} …</translation>
    </message>
    <message>
        <source>Übernahme fehlgeschlagen: {0}</source>
        <translation>Takeover failed: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n Artikel übernommen. Preise weichen ab – es gilt der Preis hier an der Kasse; bitte der Kundin sagen.</source>
        <translation>
            <numerusform>%n item taken over. Prices differ – the price here at the till applies; please tell the customer.</numerusform>
            <numerusform>%n items taken over. Prices differ – the price here at the till applies; please tell the customer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n Artikel übernommen, alle Preise wie online.</source>
        <translation>
            <numerusform>%n item taken over, price as online.</numerusform>
            <numerusform>%n items taken over, all prices as online.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben.</source>
        <extracomment>Each language in its own words: whoever does not read the screen&apos;s language finds theirs.</extracomment>
        <translation>Choose your name (mouse or ↑/↓) and enter your PIN.</translation>
    </message>
    <message>
        <source>Marktleitung</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Kasse</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Ausbildung</source>
        <translation>Trainee</translation>
    </message>
    <message>
        <source>IT</source>
        <translation>IT</translation>
    </message>
    <message>
        <source>Für diese Filiale sind noch keine Mitarbeiter angelegt. Die IT legt sie in der Zentrale an; sie erscheinen hier mit der nächsten Synchronisation.</source>
        <translation>No staff have been set up for this store yet. IT sets them up at head office; they will appear here after the next sync.</translation>
    </message>
    <message>
        <source>Bitte zuerst den Namen wählen.</source>
        <translation>Please choose your name first.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Nach {0} s ohne Eingabe gesperrt.</source>
        <translation>Locked after {0} s of inactivity.</translation>
    </message>
    <message>
        <source>Tresen – {0} – Kasse {1}</source>
        <translation>Tresen – {0} – Register {1}</translation>
    </message>
    <message>
        <source>{0}
Kasse {1}</source>
        <translation>{0}
Register {1}</translation>
    </message>
    <message>
        <source>Kasse gesperrt.</source>
        <translation>Register locked.</translation>
    </message>
    <message>
        <source>Tag abgeschlossen. Zum Weiterverkaufen anmelden und die Kasse neu öffnen.</source>
        <translation>Day closed. To keep selling, log in and reopen the till.</translation>
    </message>
    <message>
        <source>Abgemeldet: neue PIN nicht gesetzt.</source>
        <translation>Logged out – the new PIN was not saved.</translation>
    </message>
    <message>
        <source>Anmeldung nicht möglich: {0}</source>
        <translation>Cannot log in: {0}</translation>
    </message>
    <message>
        <source>Abgemeldet: ohne geöffnete Kasse wird nicht verkauft.</source>
        <translation>Logged out: no sales without an open till.</translation>
    </message>
    <message>
        <source>Der Tag vom {0} ist noch nicht abgeschlossen – bitte zuerst den Tagesabschluss machen (Kasse, Strg+G).</source>
        <translation>The day of {0} is not closed yet – please do the end-of-day closing first (Till, Ctrl+G).</translation>
    </message>
    <message>
        <source>Kartengutschrift {0} für {1} nachgebucht (Rückgabe {2}).</source>
        <translation>Card refund {0} for {1} posted later (return {2}).</translation>
    </message>
    <message>
        <source>Kartengutschrift {0} für {1} ungeklärt – Terminal nicht erreichbar. Rückgabe öffnen (F10) und später das Terminal fragen.</source>
        <translation>Card refund {0} for {1} unresolved – terminal unreachable. Open Returns (F10) and ask the terminal later.</translation>
    </message>
    <message>
        <source>keine Verbindung zur Zentrale</source>
        <translation>no connection to head office</translation>
    </message>
</context>
<context>
    <name>ManagerApprovalDialog</name>
    <message>
        <source>Freigabe durch Marktleitung</source>
        <translation>Manager approval</translation>
    </message>
    <message>
        <source>Marktleitung: bitte PIN eingeben.</source>
        <translation>Manager, please enter your PIN.</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>NotificationBell</name>
    <message>
        <source>Mitteilungen: {0} (Strg+M)</source>
        <translation>Messages: {0} (Ctrl+M)</translation>
    </message>
    <message>
        <source>Mitteilungen (Strg+M)</source>
        <translation>Messages (Ctrl+M)</translation>
    </message>
    <message>
        <source>Neueste: {0} – {1}</source>
        <translation>Latest: {0} – {1}</translation>
    </message>
    <message>
        <source>Mitteilungen des Markts und ihr Verlauf</source>
        <translation>Store messages and their history</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <source>bezahlt</source>
        <translation>paid</translation>
    </message>
    <message>
        <source>Zahlung an der Kasse</source>
        <translation>payment at the till</translation>
    </message>
    <message>
        <source>Neue Abholbestellung</source>
        <translation>New collection order</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} Artikel · {3}</source>
        <translation>{0} · {1} · {2} items · {3}</translation>
    </message>
    <message>
        <source>Kundin / Kunde wartet</source>
        <translation>Customer waiting</translation>
    </message>
    <message>
        <source>{0} · {1} ist zur Abholung da</source>
        <translation>{0} · {1} is here to collect</translation>
    </message>
    <message>
        <source>Versand aus dem Markt</source>
        <translation>Shipping from store</translation>
    </message>
    <message>
        <source>{0} · {1} Artikel kommissionieren und versenden</source>
        <translation>{0} · pick and ship {1} items</translation>
    </message>
    <message>
        <source>Wenig freier Bestand</source>
        <translation>Low available stock</translation>
    </message>
    <message>
        <source>{0}: {1} frei, {2} für Abholungen reserviert</source>
        <translation>{0}: {1} available, {2} reserved for collections</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>{0} – im Konflikt-Eingang</source>
        <translation>{0} – in the conflict inbox</translation>
    </message>
    <message>
        <source>TSE-Ausfall</source>
        <translation>TSE outage</translation>
    </message>
    <message>
        <source>Kasse {0} verkauft ohne TSE</source>
        <translation>Register {0} selling without TSE</translation>
    </message>
</context>
<context>
    <name>NotificationsDialog</name>
    <message>
        <source>Mitteilungen des Markts</source>
        <translation>Store messages</translation>
    </message>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Mitteilung</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Erledigt von</source>
        <translation>Done by</translation>
    </message>
    <message>
        <source>Verlauf (auch erledigte)</source>
        <translation>Show completed</translation>
    </message>
    <message>
        <source>Erledigt (Enter)</source>
        <translation>Done (Enter)</translation>
    </message>
    <message>
        <source>Bestellung öffnen</source>
        <translation>Open order</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Zum Erledigen bitte anmelden.</source>
        <translation>Please log in to mark as done.</translation>
    </message>
    <message>
        <source>{0} offen</source>
        <translation>{0} open</translation>
    </message>
    <message>
        <source>Nichts offen.</source>
        <translation>No open messages.</translation>
    </message>
    <message>
        <source>Diese Mitteilung gibt es nicht mehr.</source>
        <translation>This message no longer exists.</translation>
    </message>
    <message>
        <source>Erledigt: {0}</source>
        <translation>Done: {0}</translation>
    </message>
</context>
<context>
    <name>OmnichannelActions</name>
    <message>
        <source>Online-Korb
Strg+U</source>
        <translation>Online basket
Ctrl+U</translation>
    </message>
    <message>
        <source>Abholung
Strg+H</source>
        <translation>Collection
Ctrl+H</translation>
    </message>
    <message>
        <source>Versand
Strg+S</source>
        <translation>Shipping
Ctrl+S</translation>
    </message>
    <message>
        <source>Rückgabe
F10</source>
        <translation>Return
F10</translation>
    </message>
    <message>
        <source>Bestand
Strg+B</source>
        <translation>Stock
Ctrl+B</translation>
    </message>
    <message>
        <source>Liefern
Strg+L</source>
        <translation>Deliver
Ctrl+L</translation>
    </message>
    <message>
        <source>Kunde
Strg+K</source>
        <translation>Customer
Ctrl+K</translation>
    </message>
    <message>
        <source>Bons
Strg+R</source>
        <translation>Receipts
Ctrl+R</translation>
    </message>
    <message>
        <source>Bonjournal: die letzten Bons nachdrucken (Strg+R)</source>
        <translation>Receipt journal: reprint recent receipts (Ctrl+R)</translation>
    </message>
    <message>
        <source>Im Schulungsmodus nicht möglich – erst den Schulungsmodus beenden (Knopf TSE).</source>
        <translation>Not available in training mode – turn training mode off first (TSE button).</translation>
    </message>
    <message>
        <source>Online-Warenkorb übernommen – prüfen, ändern, bezahlen (F12).</source>
        <translation>Online basket loaded – check it with the customer, then take payment (F12).</translation>
    </message>
    <message>
        <source>Abholung {0}: bitte kassieren (F12), dann übergeben.</source>
        <translation>Collection {0}: please take payment (F12), then hand over.</translation>
    </message>
    <message>
        <source>Lieferung an {0} – bitte kassieren (F12).</source>
        <translation>Delivery to {0} – please take payment (F12).</translation>
    </message>
    <message>
        <source>Punkte einlösen (100 Punkte = 1 €), höchstens {0}:</source>
        <translation>Redeem points (100 points = €1), at most {0}:</translation>
    </message>
    <message>
        <source>Ohne Verbindung zur Zentrale: Grenze für Einlösungen ohne Verbindung.</source>
        <translation>No connection to head office: limit for offline redemptions.</translation>
    </message>
    <message>
        <source>Treuepunkte</source>
        <translation>Loyalty points</translation>
    </message>
    <message>
        <source>Kunde: {0}</source>
        <translation>Customer: {0}</translation>
    </message>
    <message>
        <source>Kunde vom Bon genommen.</source>
        <translation>Customer removed from receipt.</translation>
    </message>
    <message>
        <source>   ·   Persönliche Coupons: {0} – einlösen mit Strg+P</source>
        <translation>   ·   Personal coupons: {0} – redeem with Ctrl+P</translation>
    </message>
    <message>
        <source>Erst einen Artikel suchen oder scannen</source>
        <translation>Search for or scan an item first</translation>
    </message>
</context>
<context>
    <name>OpenTillDialog</name>
    <message>
        <source>Kasse öffnen – Anfangsbestand</source>
        <translation>Open till – opening float</translation>
    </message>
    <message>
        <source>Neuer Kassentag: bitte das Wechselgeld in der Schublade zählen. Verkauft wird erst mit geöffneter Kasse.</source>
        <translation>New till day: please count the float in the drawer. Sales only start once the till is open.</translation>
    </message>
    <message>
        <source>Kasse öffnen</source>
        <translation>Open till</translation>
    </message>
    <message>
        <source>Abbrechen (abmelden)</source>
        <translation>Cancel (log out)</translation>
    </message>
    <message>
        <source>Nichts gezählt. Wirklich ohne Wechselgeld öffnen? Dann bitte noch einmal „Kasse öffnen“.</source>
        <translation>Nothing counted. Really open without a float? Then press “Open till” again.</translation>
    </message>
</context>
<context>
    <name>ParkedDialog</name>
    <message>
        <source>Geparkte Bons</source>
        <translation>Parked receipts</translation>
    </message>
    <message>
        <source>{0}  ·  {1} Artikel  ·  {2}</source>
        <translation>{0}  ·  {1} items  ·  {2}</translation>
    </message>
    <message>
        <source>Fortsetzen</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Keine geparkten Bons.</source>
        <translation>No parked receipts.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Bezahlen</source>
        <translation>Pay</translation>
    </message>
    <message>
        <source>Betrag</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Bar (Enter)</source>
        <translation>Cash (Enter)</translation>
    </message>
    <message>
        <source>Passend (F5)</source>
        <translation>Exact (F5)</translation>
    </message>
    <message>
        <source>Karte (F8)</source>
        <translation>Card (F8)</translation>
    </message>
    <message>
        <source>Karte: kein Terminal</source>
        <translation>Card: no terminal</translation>
    </message>
    <message>
        <source>An dieser Kasse ist kein Kartenterminal eingerichtet – bitte bar zahlen. Einstellungen (Kasse) im Menü Kasse.</source>
        <translation>No card terminal is set up at this register – please pay cash. Register settings in the Till menu.</translation>
    </message>
    <message>
        <source>Gutschein (F6)</source>
        <translation>Voucher (F6)</translation>
    </message>
    <message>
        <source>Terminal fragen (F7)</source>
        <translation>Check terminal (F7)</translation>
    </message>
    <message>
        <source>Zurück (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <source>Eine Kartenzahlung ist ungeklärt. Bitte zuerst das Terminal fragen (F7).</source>
        <translation>A card payment is unresolved. Please ask the terminal first (F7).</translation>
    </message>
    <message>
        <source>Zu zahlen: {0}</source>
        <translation>To pay: {0}</translation>
    </message>
    <message>
        <source>Offen: {0}</source>
        <translation>Still to pay: {0}</translation>
    </message>
    <message>
        <source>Bar {0} gegeben</source>
        <translation>Cash tendered {0}</translation>
    </message>
    <message>
        <source>Gutschein {0}: {1}</source>
        <translation>Voucher {0}: {1}</translation>
    </message>
    <message>
        <source>Karte {0} – genehmigt {1}</source>
        <translation>Card {0} – auth code {1}</translation>
    </message>
    <message>
        <source>Abschließen (Enter)</source>
        <translation>Complete (Enter)</translation>
    </message>
    <message>
        <source>Rückgeld: {0}</source>
        <translation>Change: {0}</translation>
    </message>
    <message>
        <source>Gutschein oder Geschenkkarte (GS…, GK…) scannen, dann Enter</source>
        <translation>Scan voucher or gift card (GS…, GK…), then Enter</translation>
    </message>
    <message>
        <source>Gutschein scannen oder Code eingeben und Enter drücken.</source>
        <translation>Scan voucher or enter code and press Enter.</translation>
    </message>
    <message>
        <source>Geschenkkarte</source>
        <translation>Gift card</translation>
    </message>
    <message>
        <source>Gutschein</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>{0} {1}: {2} angerechnet, Restguthaben {3}.</source>
        <translation>{0} {1}: {2} applied, remaining balance {3}.</translation>
    </message>
    <message>
        <source>Kein Kartenterminal an dieser Kasse – bitte bar zahlen.</source>
        <translation>No card terminal at this register – please pay cash.</translation>
    </message>
    <message>
        <source>Bitte Karte an das Terminal halten oder einstecken … {0}</source>
        <translation>Please tap or insert card on the terminal … {0}</translation>
    </message>
    <message>
        <source>Frage das Terminal nach der letzten Zahlung …</source>
        <translation>Asking the terminal for the last payment …</translation>
    </message>
    <message>
        <source>Karte genehmigt.</source>
        <translation>Card approved.</translation>
    </message>
    <message>
        <source>Karte abgelehnt. Bitte andere Karte oder bar.</source>
        <translation>Card declined. Please try another card or cash.</translation>
    </message>
    <message>
        <source>Kartenterminal nicht erreichbar. Nichts wurde abgebucht – bitte bar oder später erneut.</source>
        <translation>Card terminal unreachable. Nothing was charged – please pay cash or try again later.</translation>
    </message>
    <message>
        <source>Das Terminal hat nichts abgebucht. Sie können erneut mit Karte zahlen.</source>
        <translation>The terminal charged nothing. You can pay by card again.</translation>
    </message>
    <message>
        <source>Keine Antwort vom Terminal – ob abgebucht wurde, ist unklar. Bitte NICHT erneut zahlen lassen, sondern das Terminal fragen (F7).</source>
        <translation>No response from the terminal – unclear whether it was charged. Do NOT take payment again; ask the terminal (F7).</translation>
    </message>
    <message>
        <source>Bon konnte nicht gespeichert werden: {0}</source>
        <translation>Receipt could not be saved: {0}</translation>
    </message>
</context>
<context>
    <name>PickupDialog</name>
    <message>
        <source>Click &amp; Collect – Abholungen in diesem Markt</source>
        <translation>Click &amp; Collect – collections at this store</translation>
    </message>
    <message>
        <source>Abholcode scannen, oder Bestellnr. bzw. Name suchen</source>
        <translation>Scan collection code, or search order no. or name</translation>
    </message>
    <message>
        <source>auch abgeholte</source>
        <translation>Show collected</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Bestellung</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Kundin / Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Artikel</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Tage</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>bestellt</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>abgeholt</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>im Markt</source>
        <translation>In store</translation>
    </message>
    <message>
        <source>jetzt übergeben</source>
        <translation>Hand over now</translation>
    </message>
    <message>
        <source>Ausweis bzw. Abholcode geprüft</source>
        <translation>ID or collection code checked</translation>
    </message>
    <message>
        <source>Übergeben</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>Bereitgestellt – Kundin/Kunde benachrichtigen</source>
        <translation>Ready – notify customer</translation>
    </message>
    <message>
        <source>Die Ware liegt an der Kasse: die Zentrale schickt die E-Mail</source>
        <translation>The goods are at the till: head office sends the email</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Keine Abholung zu „{0}“ in diesem Markt.</source>
        <translation>No collection for “{0}” at this store.</translation>
    </message>
    <message>
        <source>Bestellung in der Liste wählen oder Abholcode scannen.</source>
        <translation>Choose an order in the list or scan a collection code.</translation>
    </message>
    <message>
        <source>bezahlt</source>
        <translation>paid</translation>
    </message>
    <message>
        <source>NOCH NICHT BEZAHLT – {0} an der Kasse</source>
        <translation>NOT YET PAID – {0} at the till</translation>
    </message>
    <message>
        <source>bereitgestellt</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>Kassieren und übergeben</source>
        <translation>Charge and hand over</translation>
    </message>
    <message>
        <source>{0} bereitgestellt: die Kundin / der Kunde bekommt eine E-Mail.</source>
        <translation>{0} ready: the customer will get an email.</translation>
    </message>
    <message>
        <source>{0}: {1} Artikel übergeben.</source>
        <translation>{0}: {1} items handed over.</translation>
    </message>
</context>
<context>
    <name>PinChangeDialog</name>
    <message>
        <source>Neue PIN festlegen</source>
        <translation>Set new PIN</translation>
    </message>
    <message>
        <source>Willkommen, {0}! Bitte legen Sie jetzt Ihre eigene PIN fest (mindestens {1} Ziffern); die Start-PIN gilt danach nicht mehr.</source>
        <translation>Welcome, {0}! Please set your own PIN now (at least {1} digits); the initial PIN will then no longer work.</translation>
    </message>
    <message>
        <source>{0}, Ihre PIN ist zu kurz: sie braucht jetzt mindestens {1} Ziffern. Bitte legen Sie eine neue fest.</source>
        <translation>{0}, your PIN is too short: it now needs at least {1} digits. Please set a new one.</translation>
    </message>
    <message>
        <source>Neue PIN</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>Neue PIN wiederholen</source>
        <translation>Repeat new PIN</translation>
    </message>
    <message>
        <source>PIN speichern</source>
        <translation>Save PIN</translation>
    </message>
    <message>
        <source>Abmelden</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Die beiden Eingaben sind verschieden.</source>
        <translation>The two entries do not match.</translation>
    </message>
    <message>
        <source>Die PIN braucht mindestens {min_digits} Ziffern.</source>
        <translation>The PIN needs at least {min_digits} digits.</translation>
    </message>
    <message>
        <source>Eine PIN hat {min_digits} bis {max_digits} Ziffern, nur Ziffern.</source>
        <translation>A PIN has {min_digits} to {max_digits} digits, digits only.</translation>
    </message>
    <message>
        <source>Bitte eine andere PIN als die Start-PIN wählen.</source>
        <translation>Please choose a PIN other than the initial PIN.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ProductSearch</name>
    <message>
        <source>{0} frei ({1} für Abholung reserviert)</source>
        <translation>{0} free ({1} reserved for collection)</translation>
    </message>
    <message>
        <source>Bestand</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Bitte mindestens 3 Buchstaben eingeben</source>
        <translation>Please enter at least 3 characters</translation>
    </message>
    <message>
        <source>Keine Treffer für „{0}“</source>
        <translation>No results for “{0}”</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Menge</source>
        <translation>Qty</translation>
    </message>
    <message>
        <source>Neue Menge:</source>
        <translation>New quantity:</translation>
    </message>
    <message>
        <source>Bon parken</source>
        <translation>Park receipt</translation>
    </message>
    <message>
        <source>Notiz (z. B. Name oder Grund), optional:</source>
        <translation>Note (e.g. name or reason), optional:</translation>
    </message>
    <message>
        <source>Geschenkkarte verkaufen</source>
        <translation>Sell gift card</translation>
    </message>
    <message>
        <source>Betrag der Geschenkkarte (5 bis 500 €):</source>
        <translation>Gift card amount (€5 to €500):</translation>
    </message>
    <message>
        <source>Geschenkkarte</source>
        <translation>Gift card</translation>
    </message>
    <message>
        <source>Geschenkkarte prüfen</source>
        <translation>Check gift card</translation>
    </message>
    <message>
        <source>Code der Geschenkkarte oder des Gutscheins (GK…, GS…) scannen oder eingeben:</source>
        <translation>Scan or enter the gift card or voucher code (GK…, GS…):</translation>
    </message>
    <message>
        <source>Coupon-Code (gedruckte Coupons einfach scannen):</source>
        <translation>Coupon code (or scan the printed coupon):</translation>
    </message>
    <message>
        <source>Auf dem Bon: {0} – denselben Code eingeben entfernt ihn.</source>
        <translation>On the receipt: {0} – entering the same code removes it.</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>Coupon</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>TSE-QR-Code</source>
        <translation>TSE QR code</translation>
    </message>
    <message>
        <source>In die Kasse
{0}</source>
        <translation>Into the till
{0}</translation>
    </message>
    <message>
        <source>Aus der Kasse
{0}</source>
        <translation>Out of the till
{0}</translation>
    </message>
    <message>
        <source>Erstattet ({0})
{1}</source>
        <translation>Refunded ({0})
{1}</translation>
    </message>
    <message>
        <source>Rückgeld
{0}</source>
        <translation>Change
{0}</translation>
    </message>
    <message>
        <source>Bezahlt
{0}</source>
        <translation>Paid
{0}</translation>
    </message>
    <message>
        <source>SCHULUNG – kein Verkauf</source>
        <translation>TRAINING – no sale</translation>
    </message>
    <message>
        <source>TSE ausgefallen – Bon ohne Signatur (steht auf dem Bon)</source>
        <translation>TSE failed – receipt without signature (stated on receipt)</translation>
    </message>
    <message>
        <source>Drucken (F4)</source>
        <translation>Print (F4)</translation>
    </message>
    <message>
        <source>Als PDF (F6)</source>
        <translation>As PDF (F6)</translation>
    </message>
    <message>
        <source>Fertig (Enter)</source>
        <translation>Done (Enter)</translation>
    </message>
    <message>
        <source>Nächster Kunde (Enter)</source>
        <translation>Next customer (Enter)</translation>
    </message>
    <message>
        <source>Bar</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Karte</source>
        <translation>card</translation>
    </message>
    <message>
        <source>Gutschein</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Online-Shop</source>
        <translation>Online shop</translation>
    </message>
    <message>
        <source>Kassenbeleg {0}</source>
        <translation>Cash movement {0}</translation>
    </message>
    <message>
        <source>Rückgabe {0}</source>
        <translation>Return {0}</translation>
    </message>
    <message>
        <source>Bon {0}</source>
        <translation>Receipt {0}</translation>
    </message>
    <message>
        <source>Kein Bondrucker eingerichtet (Kasse → Einstellungen (Kasse)). Der Bon ist gespeichert, als PDF mit F6.</source>
        <translation>No receipt printer set up (Till → Register settings). The receipt is saved; PDF with F6.</translation>
    </message>
    <message>
        <source>Drucke Kopie …</source>
        <translation>Printing copy …</translation>
    </message>
    <message>
        <source>Drucke …</source>
        <translation>Printing …</translation>
    </message>
    <message>
        <source>Kopie drucken (F4)</source>
        <translation>Print copy (F4)</translation>
    </message>
    <message>
        <source>Kopie gedruckt.</source>
        <translation>Copy printed.</translation>
    </message>
    <message>
        <source>Gedruckt.</source>
        <translation>Printed.</translation>
    </message>
    <message>
        <source>Der Bon wurde nicht gedruckt.</source>
        <translation>The receipt was not printed.</translation>
    </message>
    <message>
        <source>{0}
Der Bon bleibt gespeichert: erneut drucken mit F4 oder später im Bonjournal (Strg+R).</source>
        <translation>{0}
The receipt stays saved: print again with F4 or later from the receipt journal (Ctrl+R).</translation>
    </message>
    <message>
        <source>{0} nicht gedruckt: {1} Nachdruck im Bonjournal (Strg+R).</source>
        <translation>{0} not printed: {1} Reprint from the receipt journal (Ctrl+R).</translation>
    </message>
    <message>
        <source>PDF konnte nicht gespeichert werden: {0}</source>
        <translation>PDF could not be saved: {0}</translation>
    </message>
    <message>
        <source>Gespeichert: {0}</source>
        <translation>Saved: {0}</translation>
    </message>
</context>
<context>
    <name>ReceiptJournal</name>
    <message>
        <source>Bonjournal – Kasse {0}</source>
        <translation>Receipt journal – register {0}</translation>
    </message>
    <message>
        <source>Die letzten {0} Bons dieser Kasse, der neueste oben. Nachdrucke sind als Kopie gekennzeichnet.</source>
        <translation>The last {0} receipts of this register, newest first. Reprints are marked as copies.</translation>
    </message>
    <message>
        <source>Bon-Nr.</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Summe</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Bediener</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Rückgabe</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Kassenbewegung</source>
        <translation>Cash movement</translation>
    </message>
    <message>
        <source>Verkauf</source>
        <translation>Sale</translation>
    </message>
    <message>
        <source>Kopie drucken (F4)</source>
        <translation>Print copy (F4)</translation>
    </message>
    <message>
        <source>Kopie als PDF (F6)</source>
        <translation>Copy as PDF (F6)</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>An dieser Kasse gibt es noch keine Bons.</source>
        <translation>No receipts at this register yet.</translation>
    </message>
    <message>
        <source>Bon {0} lässt sich nicht laden.</source>
        <translation>Receipt {0} cannot be loaded.</translation>
    </message>
    <message>
        <source>Bon {0} ist nicht unter den letzten Bons dieser Kasse.</source>
        <translation>Receipt {0} is not among this register&apos;s recent receipts.</translation>
    </message>
    <message>
        <source>Bitte den Barcode eines Bons dieser Kasse scannen.</source>
        <translation>Please scan the barcode of a receipt from this register.</translation>
    </message>
    <message>
        <source>Kein Bondrucker eingerichtet (Kasse → Einstellungen (Kasse)). Die Kopie geht als PDF (F6).</source>
        <translation>No receipt printer set up (Till → Register settings). The copy can be saved as PDF (F6).</translation>
    </message>
    <message>
        <source>Drucke Kopie von Bon {0} …</source>
        <translation>Printing copy of receipt {0} …</translation>
    </message>
    <message>
        <source>Kopie von Bon {0} gedruckt.</source>
        <translation>Copy of receipt {0} printed.</translation>
    </message>
    <message>
        <source>Die Kopie wurde nicht gedruckt.</source>
        <translation>The copy was not printed.</translation>
    </message>
    <message>
        <source>PDF konnte nicht gespeichert werden: {0}</source>
        <translation>PDF could not be saved: {0}</translation>
    </message>
    <message>
        <source>Kopie gespeichert: {0}</source>
        <translation>Copy saved: {0}</translation>
    </message>
</context>
<context>
    <name>RegisterSettingsDialog</name>
    <message>
        <source>Einstellungen dieser Kasse {0}</source>
        <translation>Settings of this register {0}</translation>
    </message>
    <message>
        <source>Diese Einstellungen gelten nur für diese Kasse. Zugangsdaten (Passwörter, API-Schlüssel) werden im Schlüsselbund des Rechners gespeichert und nie angezeigt: ein leeres Feld lässt das Gespeicherte unverändert.</source>
        <translation>These settings apply to this register only. Credentials (passwords, API keys) are stored in the computer&apos;s keychain and never shown: an empty field leaves the stored value unchanged.</translation>
    </message>
    <message>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Kein Schlüsselbund auf diesem Rechner: Zugangsdaten können hier nicht gespeichert werden.</source>
        <translation>No keychain on this computer: credentials cannot be stored here.</translation>
    </message>
    <message>
        <source>gespeichert – zum Ändern neu eingeben</source>
        <translation>saved – re-enter to change</translation>
    </message>
    <message>
        <source>nicht gespeichert</source>
        <translation>not saved</translation>
    </message>
    <message>
        <source>Beim Start vorgegeben (Startparameter oder Umgebung): diese Vorgabe gilt, nicht die Einstellung hier.</source>
        <translation>Set at startup (start parameter or environment): that value applies, not the setting here.</translation>
    </message>
    <message>
        <source>Bondrucker und Kassenschublade</source>
        <translation>Receipt printer and cash drawer</translation>
    </message>
    <message>
        <source>Gilt sofort nach dem Speichern.</source>
        <translation>Applies as soon as saved.</translation>
    </message>
    <message>
        <source>leer: kein Bondrucker</source>
        <translation>empty: no receipt printer</translation>
    </message>
    <message>
        <source>Testdruck</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Bondrucker</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Netzwerk: network:192.168.1.50:9100 · USB: usb:0x04b8:0x0202 · Gerät: file:/dev/usb/lp0</source>
        <translation>Network: network:192.168.1.50:9100 · USB: usb:0x04b8:0x0202 · Device: file:/dev/usb/lp0</translation>
    </message>
    <message>
        <source>Kassenschublade</source>
        <translation>Cash drawer</translation>
    </message>
    <message>
        <source>Am Bondrucker (öffnet bei Barzahlung)</source>
        <translation>On receipt printer (opens on cash payment)</translation>
    </message>
    <message>
        <source>Keine Schublade</source>
        <translation>No drawer</translation>
    </message>
    <message>
        <source>Kartenterminal</source>
        <translation>Card terminal</translation>
    </message>
    <message>
        <source>Gilt ab dem nächsten Start der Kasse.</source>
        <translation>Applies from the next register start.</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Kein Kartenterminal (nur bar und Gutschein)</source>
        <translation>No card terminal (cash and voucher only)</translation>
    </message>
    <message>
        <source>Simulator (Demo und Schulung – bucht nichts ab)</source>
        <translation>Simulator (demo and training – charges nothing)</translation>
    </message>
    <message>
        <source>Für ein echtes Terminal (ZVT/OPI, folgt später) – noch ohne Wirkung:</source>
        <translation>For a real terminal (ZVT/OPI, coming later) – no effect yet:</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Adresse, Port</source>
        <translation>Address, port</translation>
    </message>
    <message>
        <source>Passwort</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>TSE (Signatur der Bons)</source>
        <translation>TSE (receipt signing)</translation>
    </message>
    <message>
        <source>Keine TSE (Bons als „TSE ausgefallen“ gekennzeichnet)</source>
        <translation>No TSE (receipts marked “TSE failed”)</translation>
    </message>
    <message>
        <source>fiskaly (Cloud-TSE)</source>
        <translation>fiskaly (cloud TSE)</translation>
    </message>
    <message>
        <source>Simulator (nicht zertifiziert – nur Demo und Schulung)</source>
        <translation>Simulator (not certified – demo and training only)</translation>
    </message>
    <message>
        <source>TSE</source>
        <translation>TSE</translation>
    </message>
    <message>
        <source>TSS-ID</source>
        <translation>TSS ID</translation>
    </message>
    <message>
        <source>von fiskaly</source>
        <translation>from fiskaly</translation>
    </message>
    <message>
        <source>API-Adresse</source>
        <translation>API address</translation>
    </message>
    <message>
        <source>API-Key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>API-Secret</source>
        <translation>API secret</translation>
    </message>
    <message>
        <source>Admin-PIN der TSS</source>
        <translation>TSS admin PIN</translation>
    </message>
    <message>
        <source>Sprache und Kamera</source>
        <translation>Language and camera</translation>
    </message>
    <message>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Die Sprache der Anmeldung und aller, die keine eigene gewählt haben: jeder wählt seine an der Anmeldung. Bons, Berichte und Exporte bleiben deutsch.</source>
        <translation>Language of the login screen and for anyone who has not chosen their own; each user picks theirs at login. Receipts, reports and exports stay in German.</translation>
    </message>
    <message>
        <source>Kamera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>leer: beim Öffnen wählen – oder 0, 1 …</source>
        <translation>empty: choose when opening – or 0, 1 …</translation>
    </message>
    <message>
        <source>Nicht gespeichert:</source>
        <translation>Not saved:</translation>
    </message>
    <message>
        <source>Bitte zuerst einen Bondrucker angeben.</source>
        <translation>Please specify a receipt printer first.</translation>
    </message>
    <message>
        <source>TRESEN – TESTDRUCK</source>
        <translation>TRESEN – TEST PRINT</translation>
    </message>
    <message>
        <source>Kasse {0}</source>
        <translation>Register {0}</translation>
    </message>
    <message>
        <source>Ist dieser Text gut lesbar, ist der</source>
        <translation>If this text is easy to read, the</translation>
    </message>
    <message>
        <source>Bondrucker richtig eingerichtet.</source>
        <translation>receipt printer is set up correctly.</translation>
    </message>
    <message>
        <source>Drucke Testseite …</source>
        <translation>Printing test page …</translation>
    </message>
    <message>
        <source>Testseite gedruckt.</source>
        <translation>Test page printed.</translation>
    </message>
    <message>
        <source>Testdruck nicht möglich: {0}</source>
        <translation>Test print not possible: {0}</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Rückgabe</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Bon-Barcode, Bestellnummer oder E-Mail der Bestellung</source>
        <translation>Receipt, order no. or email</translation>
    </message>
    <message>
        <source>Suchen</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Bonsumme, z. B. 12,34</source>
        <translation>Total, e.g. 12.34</translation>
    </message>
    <message>
        <source>Bon nach Tag und Summe</source>
        <translation>Find by date and amount</translation>
    </message>
    <message>
        <source>Artikel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Gekauft</source>
        <translation>Bought</translation>
    </message>
    <message>
        <source>Rückgabefähig</source>
        <translation>Returnable</translation>
    </message>
    <message>
        <source>Zurück</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Grund wählen</source>
        <translation>Choose reason</translation>
    </message>
    <message>
        <source>Ware wieder verkaufbar (zurück in den Bestand)</source>
        <translation>Item can be resold (back into stock)</translation>
    </message>
    <message>
        <source>Erstatten</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Grund:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Erstattung:</source>
        <translation>Refund:</translation>
    </message>
    <message>
        <source>Frage die Zentrale nach den Bestellungen …</source>
        <translation>Asking head office for the orders …</translation>
    </message>
    <message>
        <source>Bon einer anderen Kasse – frage die Zentrale …</source>
        <translation>Receipt from another register – asking head office …</translation>
    </message>
    <message>
        <source>Bestellung nicht in dieser Kasse – frage die Zentrale …</source>
        <translation>Order not at this register – asking head office …</translation>
    </message>
    <message>
        <source>Suche Bons …</source>
        <translation>Searching receipts …</translation>
    </message>
    <message>
        <source>Nichts gefunden.</source>
        <translation>Nothing found.</translation>
    </message>
    <message>
        <source>{0}   ·   {1}   ·   {2} Artikel</source>
        <translation>{0}   ·   {1}   ·   {2} items</translation>
    </message>
    <message>
        <source>{0} passen – bitte den richtigen Einkauf wählen.</source>
        <translation>{0} match – please choose the right purchase.</translation>
    </message>
    <message>
        <source>Nicht gefunden.</source>
        <translation>Not found.</translation>
    </message>
    <message>
        <source>online bezahlt</source>
        <translation>paid online</translation>
    </message>
    <message>
        <source>bar</source>
        <translation>cash</translation>
    </message>
    <message>
        <source>Karte</source>
        <translation>card</translation>
    </message>
    <message>
        <source>Gutschein</source>
        <translation>voucher</translation>
    </message>
    <message>
        <source> · Kunde am Bon: {0}</source>
        <translation> · Customer on receipt: {0}</translation>
    </message>
    <message>
        <source>Menge je Artikel wählen, Grund angeben, dann erstatten.</source>
        <translation>Choose quantity per item, give a reason, then refund.</translation>
    </message>
    <message>
        <source>Davon ist nichts mehr rückgabefähig.</source>
        <translation>Nothing of this can be returned any more.</translation>
    </message>
    <message>
        <source>Erstattung {0}</source>
        <translation>Refund {0}</translation>
    </message>
    <message>
        <source>Bitte {0} bar auszahlen.</source>
        <translation>Give the customer {0} in cash.</translation>
    </message>
    <message>
        <source>{0} auf die Karte erstattet.</source>
        <translation>{0} refunded to the card.</translation>
    </message>
    <message>
        <source>{0} werden über den Online-Shop auf die ursprüngliche Zahlung erstattet.</source>
        <translation>{0} will be refunded to the original payment via the online shop.</translation>
    </message>
    <message>
        <source>Gutschein über {0} ausgestellt: {1}</source>
        <translation>Voucher for {0} issued: {1}</translation>
    </message>
    <message>
        <source>Rückgabe gebucht.</source>
        <translation>Return complete.</translation>
    </message>
</context>
<context>
    <name>SaleScreen</name>
    <message>
        <source>Artikel suchen: Name, Artikelnr. oder EAN (F2) · Bestand: Strg+B</source>
        <translation>Find item: name, no. or EAN (F2) · Stock Ctrl+B</translation>
    </message>
    <message>
        <source>Menge (F3)</source>
        <translation>Qty (F3)</translation>
    </message>
    <message>
        <source>Entfernen (F4)</source>
        <translation>Remove (F4)</translation>
    </message>
    <message>
        <source>Rabatt (F5)</source>
        <translation>Discount (F5)</translation>
    </message>
    <message>
        <source>Kasse (Strg+G)</source>
        <translation>Till (Ctrl+G)</translation>
    </message>
    <message>
        <source>Coupon … (Strg+P)</source>
        <translation>Coupon … (Ctrl+P)</translation>
    </message>
    <message>
        <source>BEZAHLEN (F12)</source>
        <translation>PAY (F12)</translation>
    </message>
    <message>
        <source>Bonrabatt (F6)</source>
        <translation>Basket disc. (F6)</translation>
    </message>
    <message>
        <source>Parken (F7)</source>
        <translation>Park (F7)</translation>
    </message>
    <message>
        <source>Geparkte (F8)</source>
        <translation>Parked (F8)</translation>
    </message>
    <message>
        <source>Storno (F9)</source>
        <translation>Void (F9)</translation>
    </message>
    <message>
        <source>Sperren (F11)</source>
        <translation>Lock (F11)</translation>
    </message>
    <message>
        <source>Marktleitung</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Kasse</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Offener Bon wiederhergestellt ({0} Positionen)</source>
        <translation>Open receipt restored ({0} lines)</translation>
    </message>
    <message>
        <source>Bereit. Artikel scannen oder suchen.</source>
        <translation>Ready. Scan or search for items.</translation>
    </message>
    <message>
        <source>LIEFERUNG an {0}</source>
        <translation>DELIVERY to {0}</translation>
    </message>
    <message>
        <source>Kunde: {0}</source>
        <translation>Customer: {0}</translation>
    </message>
    <message>
        <source> · {0} Treuepunkte</source>
        <translation> · {0} loyalty points</translation>
    </message>
    <message>
        <source> · Kundenkarte {0}</source>
        <translation> · Loyalty card {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n Artikel</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} −{1}</source>
        <translation>{0} −{1}</translation>
    </message>
    <message>
        <source>Coupon {0} gilt noch nicht</source>
        <translation>Coupon {0} not valid yet</translation>
    </message>
    <message>
        <source>Zwischensumme {0}</source>
        <translation>Subtotal {0}</translation>
    </message>
    <message>
        <source>Bonrabatt −{0}</source>
        <translation>Receipt discount −{0}</translation>
    </message>
    <message>
        <source>darin USt {0}</source>
        <translation>incl. VAT {0}</translation>
    </message>
    <message>
        <source>SUMME {0}</source>
        <translation>TOTAL {0}</translation>
    </message>
    <message>
        <source>Abgebrochen.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>Speichern nicht möglich ({0}). Der Bon bleibt offen – bitte IT verständigen.</source>
        <translation>Cannot save ({0}). The receipt stays open – please inform IT.</translation>
    </message>
    <message>
        <source>Preis geändert: {0} kostet jetzt {1} – dieser Bon behält {2}</source>
        <translation>Price changed: {0} now costs {1} – this receipt keeps {2}</translation>
    </message>
    <message>
        <source>Achtung: {0} – nur {1} frei, {2} sind für Abholungen reserviert. Bitte nicht aus dem Abholregal nehmen.</source>
        <translation>Warning: {0} – only {1} available, {2} reserved for collections. Do not take from the collection shelf.</translation>
    </message>
    <message>
        <source>Suche …</source>
        <translation>Searching …</translation>
    </message>
    <message>
        <source>Waagenartikel bitte über das Waagenetikett scannen</source>
        <translation>Scan weighed items using the scale label</translation>
    </message>
    <message>
        <source>Eine Geschenkkarte hat keine Menge und keinen Rabatt – zum Entfernen F4</source>
        <translation>A gift card has no quantity or discount – press F4 to remove</translation>
    </message>
    <message>
        <source>Keine Position ausgewählt</source>
        <translation>No line selected</translation>
    </message>
    <message>
        <source>Geschenkkarte {0} vom Bon genommen.</source>
        <translation>Gift card {0} removed from receipt.</translation>
    </message>
    <message>
        <source>Entfernt: {0}</source>
        <translation>Removed: {0}</translation>
    </message>
    <message>
        <source>Der Warenkorb ist leer</source>
        <translation>The basket is empty</translation>
    </message>
    <message>
        <source>Achtung: Coupon {0} gilt auf diesem Bon nicht (Bedingung nicht erfüllt) und wird nicht eingelöst</source>
        <translation>Warning: coupon {0} does not apply to this receipt (condition not met) and will not be redeemed</translation>
    </message>
    <message>
        <source>Bon {0} abgeschlossen.</source>
        <translation>Receipt {0} completed.</translation>
    </message>
</context>
<context>
    <name>ScanRouter</name>
    <message>
        <source>ein Artikel-Barcode</source>
        <translation>an item barcode</translation>
    </message>
    <message>
        <source>ein Online-Warenkorb-Code</source>
        <translation>an online basket code</translation>
    </message>
    <message>
        <source>ein Bestell- oder Abholcode</source>
        <translation>an order or collection code</translation>
    </message>
    <message>
        <source>ein Bon-Barcode</source>
        <translation>a receipt barcode</translation>
    </message>
    <message>
        <source>eine Kundenkarte</source>
        <translation>a loyalty card</translation>
    </message>
    <message>
        <source>Hier wird nichts gescannt – erst diesen Dialog abschließen.</source>
        <translation>Scanning isn&apos;t possible here – finish this first.</translation>
    </message>
    <message>
        <source>Das war {0} – hier bitte {1} scannen. Nichts wurde geändert.</source>
        <translation>That was {0} – please scan {1} here. Nothing was changed.</translation>
    </message>
    <message>
        <source> oder </source>
        <translation> or </translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <source>Tresen – Kasse einrichten</source>
        <translation>Tresen – Set up register</translation>
    </message>
    <message>
        <source>&lt;b&gt;Diese Kasse ist noch nicht eingerichtet.&lt;/b&gt;&lt;br&gt;Die IT Ihrer Kette gibt Ihnen die Adresse der Zentrale, Ihre Filialnummer, die Nummer dieser Kasse und ein Einmal-Geheimnis. Danach lädt die Kasse Artikel, Bestände und Mitarbeiter Ihrer Filiale.</source>
        <translation>&lt;b&gt;This register is not set up yet.&lt;/b&gt;&lt;br&gt;Your company’s IT team will give you the head office address, your store number, the number of this register and a one-time secret. The register then loads your store’s items, stock and staff.</translation>
    </message>
    <message>
        <source>z. B. 1001</source>
        <translation>e.g. 1001</translation>
    </message>
    <message>
        <source>von der IT, gilt einmal</source>
        <translation>from IT, valid once</translation>
    </message>
    <message>
        <source>nur wenn die Kette eine eigene CA hat</source>
        <translation>only if the chain has its own CA</translation>
    </message>
    <message>
        <source>Auswählen …</source>
        <translation>Choose …</translation>
    </message>
    <message>
        <source>Adresse der Zentrale</source>
        <translation>Head office address</translation>
    </message>
    <message>
        <source>Filialnummer</source>
        <translation>Store number</translation>
    </message>
    <message>
        <source>Kassennummer</source>
        <translation>Register number</translation>
    </message>
    <message>
        <source>Einmal-Geheimnis</source>
        <translation>One-time secret</translation>
    </message>
    <message>
        <source>CA-Datei (optional)</source>
        <translation>CA file (optional)</translation>
    </message>
    <message>
        <source>Einrichten</source>
        <translation>Set up</translation>
    </message>
    <message>
        <source>Beenden</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>CA-Datei der Kette</source>
        <translation>Chain’s CA file</translation>
    </message>
    <message>
        <source>Zertifikate (*.pem *.crt);;Alle Dateien (*)</source>
        <translation>Certificates (*.pem *.crt);;All files (*)</translation>
    </message>
    <message>
        <source>Bitte die Adresse der Zentrale eingeben.</source>
        <translation>Please enter the head office address.</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Melde die Kasse bei der Zentrale an …</source>
        <translation>Enrolling the register with head office …</translation>
    </message>
    <message>
        <source>Kasse {0} angemeldet. Lade Artikel, Bestände und Mitarbeiter … {1}</source>
        <translation>Register {0} enrolled. Loading items, stock and staff … {1}</translation>
    </message>
    <message>
        <source>Einrichten fehlgeschlagen: {0}</source>
        <translation>Setup failed: {0}</translation>
    </message>
    <message>
        <source>Einmal-Geheimnis unbekannt, schon benutzt oder für eine andere Kasse – bitte Filial- und Kassennummer prüfen, sonst bei der IT ein neues anfordern.</source>
        <translation>One-time secret unknown, already used or for another register – check store and register number, otherwise ask IT for a new one.</translation>
    </message>
    <message>
        <source>Kasse {register_id} ist schon angemeldet. Für einen neuen PC sperrt die IT den alten (admin replace-register {register_id}).</source>
        <translation>Register {register_id} is already enrolled. For a new PC, IT disables the old one (admin replace-register {register_id}).</translation>
    </message>
    <message>
        <source>Filialnummer: 1 bis 16 Buchstaben oder Ziffern.</source>
        <translation>Store number: 1 to 16 letters or digits.</translation>
    </message>
    <message>
        <source>Bitte das Einmal-Geheimnis von der IT eingeben.</source>
        <translation>Please enter the one-time secret from IT.</translation>
    </message>
    <message>
        <source>Das Einmal-Geheimnis ist unvollständig – bitte genau so eingeben, wie die IT es gegeben hat.</source>
        <translation>The one-time secret is incomplete – enter it exactly as IT gave it.</translation>
    </message>
    <message>
        <source>{reason}. Bitte Adresse und Netzwerk prüfen.</source>
        <translation>{reason}. Please check the address and network.</translation>
    </message>
    <message>
        <source>Zertifikat der Zentrale nicht vertrauenswürdig: {reason}</source>
        <translation>Head office certificate not trusted: {reason}</translation>
    </message>
    <message>
        <source>Wird abgebrochen …</source>
        <translation>Cancelling …</translation>
    </message>
</context>
<context>
    <name>ShipDialog</name>
    <message>
        <source>kommissionieren</source>
        <translation>to pick</translation>
    </message>
    <message>
        <source>gepackt – wartet auf Abholung</source>
        <translation>packed – awaiting courier</translation>
    </message>
    <message>
        <source>nichts gefunden</source>
        <translation>nothing found</translation>
    </message>
    <message>
        <source>übergeben</source>
        <translation>handed over</translation>
    </message>
    <message>
        <source>nicht auffindbar</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>beschädigt</source>
        <translation>damaged</translation>
    </message>
    <message>
        <source>Bestand stimmt nicht</source>
        <translation>stock incorrect</translation>
    </message>
    <message>
        <source>„{scanned}“ ist kein Artikel des Sortiments.</source>
        <translation>“{scanned}” is not in our range.</translation>
    </message>
    <message>
        <source>{name} gehört nicht zu dieser Sendung – bitte zurücklegen.</source>
        <translation>{name} is not part of this shipment – please put it back.</translation>
    </message>
    <message>
        <source>{name}: alle {quantity} schon gescannt.</source>
        <translation>{name}: all {quantity} already scanned.</translation>
    </message>
    <message>
        <source>{order_no}: erst alle Artikel scannen oder als fehlend melden.</source>
        <translation>{order_no}: first scan all items or report them missing.</translation>
    </message>
    <message>
        <source>{order_no} ist schon gepackt.</source>
        <translation>{order_no} is already packed.</translation>
    </message>
    <message>
        <source>„{scanned}“ ist kein Paketetikett.</source>
        <translation>“{scanned}” is not a parcel label.</translation>
    </message>
    <message>
        <source>Paket {parcel} ist keine Sendung dieses Markts.</source>
        <translation>Parcel {parcel} is not a shipment from this store.</translation>
    </message>
    <message>
        <source>{order_no} wurde schon übergeben.</source>
        <translation>{order_no} has already been handed over.</translation>
    </message>
    <message>
        <source>Diese Sendung gibt es in diesem Markt nicht.</source>
        <translation>This shipment does not exist at this store.</translation>
    </message>
    <message>
        <source>Versand aus dem Markt</source>
        <translation>Shipping from store</translation>
    </message>
    <message>
        <source>Artikel scannen (kommissionieren) oder Paketetikett scannen (an den Versand übergeben)</source>
        <translation>Scan items (to pick) or scan parcel label (to hand over to shipping)</translation>
    </message>
    <message>
        <source>auch übergebene</source>
        <translation>Show handed over</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Bestellung</source>
        <translation>Order</translation>
    </message>
    <message>
        <source>Kunde</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>Artikel</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>bestellt</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <source>gescannt</source>
        <translation>Scanned</translation>
    </message>
    <message>
        <source>fehlt</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Fehlt … (Grund)</source>
        <translation>Missing … (reason)</translation>
    </message>
    <message>
        <source>Etikett erneut</source>
        <translation>Reprint label</translation>
    </message>
    <message>
        <source>Packen und Etikett drucken</source>
        <translation>Pack and print label</translation>
    </message>
    <message>
        <source>Schließen (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>Keine Sendung gewählt. Neue Sendungen kommen als Mitteilung (Strg+M).</source>
        <translation>No shipment selected. New shipments arrive as messages (Ctrl+M).</translation>
    </message>
    <message>
        <source>Paket {0}</source>
        <translation>Parcel {0}</translation>
    </message>
    <message>
        <source>Erst eine Sendung zum Kommissionieren wählen.</source>
        <translation>First choose a shipment to pick.</translation>
    </message>
    <message>
        <source>✓ {0} – noch {1}</source>
        <translation>✓ {0} – {1} left</translation>
    </message>
    <message>
        <source>✓ {0} – vollständig</source>
        <translation>✓ {0} – complete</translation>
    </message>
    <message>
        <source>Erst die fehlende Zeile wählen.</source>
        <translation>First choose the missing line.</translation>
    </message>
    <message>
        <source>{0}: {1} als fehlend gemeldet – die Zentrale leitet sie weiter.</source>
        <translation>{0}: {1} reported missing – head office will reroute them.</translation>
    </message>
    <message>
        <source>{0}: nichts gefunden – die Zentrale leitet die Bestellung weiter.</source>
        <translation>{0}: nothing found – head office will reroute the order.</translation>
    </message>
    <message>
        <source>Gepackt, aber das Etikett konnte nicht gespeichert werden: {0} – „Etikett erneut“ versucht es noch einmal.</source>
        <translation>Packed, but the label could not be saved: {0} – ‘Reprint label’ tries again.</translation>
    </message>
    <message>
        <source> · Etikett: {0} (Bons/labels)</source>
        <translation> · Label: {0} (Bons/labels)</translation>
    </message>
    <message>
        <source>{0} gepackt, Paket {1}{2}. Beim Abholen durch den Versand das Etikett scannen.</source>
        <translation>{0} packed, parcel {1}{2}. Scan the label when shipping collects it.</translation>
    </message>
    <message>
        <source>Etikett konnte nicht gespeichert werden: {0}</source>
        <translation>Label could not be saved: {0}</translation>
    </message>
    <message>
        <source>Etikett erneut: {0} (Bons/labels)</source>
        <translation>Label saved again: {0} (Bons/labels)</translation>
    </message>
    <message>
        <source>{0}: Paket an den Versand übergeben.</source>
        <translation>{0}: parcel handed over to shipping.</translation>
    </message>
</context>
<context>
    <name>StockDialog</name>
    <message>
        <source>Stand: unbekannt (noch nie mit der Zentrale abgeglichen)</source>
        <translation>Updated: unknown (never synced with head office)</translation>
    </message>
    <message>
        <source>Stand: {0} (vor {1} min)</source>
        <translation>Updated: {0} ({1} min ago)</translation>
    </message>
    <message>
        <source>Stand: {0} – veraltet, Kasse offline?</source>
        <translation>Updated: {0} – out of date, register offline?</translation>
    </message>
    <message>
        <source>Bestand: {0}</source>
        <translation>Stock: {0}</translation>
    </message>
    <message>
        <source>Stk</source>
        <translation>pcs</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Bestand</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>reserviert</source>
        <translation>Reserved</translation>
    </message>
    <message>
        <source>frei</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Regaletikett als PDF</source>
        <translation>Shelf label as PDF</translation>
    </message>
    <message>
        <source>Bestand zählen …</source>
        <translation>Count stock …</translation>
    </message>
    <message>
        <source>Andere Märkte: nur mit Verbindung zur Zentrale.</source>
        <translation>Other stores: only with a connection to head office.</translation>
    </message>
    <message>
        <source>Andere Märkte: werden bei der Zentrale abgefragt …</source>
        <translation>Other stores: asking head office …</translation>
    </message>
    <message>
        <source>Andere Märkte: nicht abrufbar ({0}).</source>
        <translation>Other stores: not available ({0}).</translation>
    </message>
    <message>
        <source>Andere Märkte: Stand jetzt, von der Zentrale.</source>
        <translation>Other stores: as of now, from head office.</translation>
    </message>
    <message>
        <source> (dieser Markt)</source>
        <translation> (this store)</translation>
    </message>
    <message>
        <source>Abgebrochen – Bestand nicht geändert.</source>
        <translation>Cancelled – stock not changed.</translation>
    </message>
    <message>
        <source>Bestand gezählt: {0} {1} (Differenz {2:+d}). Geht an die Zentrale.</source>
        <translation>Stock counted: {0} {1} (difference {2:+d}). Sent to head office.</translation>
    </message>
    <message>
        <source>Etikett gespeichert: {0}</source>
        <translation>Label saved: {0}</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Zentrale: verbinde …</source>
        <translation>Head office: connecting …</translation>
    </message>
    <message>
        <source>Konflikte</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Konflikte und ihr Verlauf</source>
        <translation>Conflicts and their history</translation>
    </message>
    <message>
        <source>Demo %v/%m</source>
        <translation>Demo %v/%m</translation>
    </message>
    <message>
        <source>Die Demo legt einmalig die letzten Tage jedes Markts an: Markt {0}, Tag {1} von {2}</source>
        <translation>The demo creates the last few days of each store once: store {0}, day {1} of {2}</translation>
    </message>
    <message>
        <source>Ohne Zentrale</source>
        <translation>Not synced (no head office)</translation>
    </message>
    <message>
        <source>● Online · {0} offen · zuletzt {1}</source>
        <translation>● Online · {0} to sync · last {1}</translation>
    </message>
    <message>
        <source>● Offline · {0} offen · zuletzt {1}</source>
        <translation>● Offline · {0} to sync · last {1}</translation>
    </message>
    <message>
        <source> · {0} abgelehnt – IT informieren</source>
        <translation> · {0} rejected – inform IT</translation>
    </message>
    <message>
        <source>Katalog %p %</source>
        <translation>Catalogue %p %</translation>
    </message>
    <message>
        <source>⚠ {0} Konflikte</source>
        <translation>⚠ {0} conflicts</translation>
    </message>
</context>
<context>
    <name>TillActions</name>
    <message>
        <source>Bargeld ein- / auszahlen …</source>
        <translation>Cash in / out …</translation>
    </message>
    <message>
        <source>X-Bericht (Marktleitung)</source>
        <translation>X report (manager)</translation>
    </message>
    <message>
        <source>Tagesabschluss (Z) …</source>
        <translation>End-of-day closing (Z) …</translation>
    </message>
    <message>
        <source>Kassenbuch (PDF)</source>
        <translation>Cash book (PDF)</translation>
    </message>
    <message>
        <source>DSFinV-K-Export (Marktleitung) …</source>
        <translation>DSFinV-K export (manager) …</translation>
    </message>
    <message>
        <source>Kennzahlen (Marktleitung) …</source>
        <translation>Sales figures (manager) …</translation>
    </message>
    <message>
        <source>Schublade öffnen (Marktleitung)</source>
        <translation>Open drawer (manager)</translation>
    </message>
    <message>
        <source>Einstellungen (Kasse) …</source>
        <translation>Register settings …</translation>
    </message>
    <message>
        <source>Die Kasse ist nicht geöffnet.</source>
        <translation>The till is not open.</translation>
    </message>
    <message>
        <source>Die Kennzahlen sind für die Marktleitung.</source>
        <translation>Only managers can view the sales figures.</translation>
    </message>
    <message>
        <source>Schublade abgerechnet, Differenz {0} €. Den Z-Bon gibt es mit der letzten offenen Schublade.</source>
        <translation>Drawer cashed up, difference {0} €. The Z report follows with the last open drawer.</translation>
    </message>
    <message>
        <source>Tag abgeschlossen: Z-Bon {0}, Differenz {1} €.</source>
        <translation>Day closed: Z report {0}, difference {1} €.</translation>
    </message>
    <message>
        <source>Heute, offen seit {0}</source>
        <translation>Today, open since {0}</translation>
    </message>
    <message>
        <source>{0}, abgeschlossen {1}</source>
        <translation>{0}, closed {1}</translation>
    </message>
    <message>
        <source>Kein Kassentag zum Ausdrucken.</source>
        <translation>No trading day to print.</translation>
    </message>
    <message>
        <source>Kassenbuch</source>
        <translation>Cash book</translation>
    </message>
    <message>
        <source>Kassenbuch nicht gespeichert: {0}</source>
        <translation>Cash book not saved: {0}</translation>
    </message>
    <message>
        <source>Kassenbuch gespeichert: {0}</source>
        <translation>Cash book saved: {0}</translation>
    </message>
    <message>
        <source>Einstellungen gespeichert. Drucker und Schublade gelten sofort, alles andere ab dem nächsten Start der Kasse.</source>
        <translation>Settings saved. Printer and drawer apply immediately, everything else after the register restarts.</translation>
    </message>
    <message>
        <source>Einstellungen gespeichert.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>TseDialog</name>
    <message>
        <source>TSE – technische Sicherheitseinrichtung</source>
        <translation>TSE – technical security system</translation>
    </message>
    <message>
        <source>Beginn</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Ende</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Bons ohne Signatur</source>
        <translation>Unsigned receipts</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Jetzt prüfen</source>
        <translation>Check now</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ausfälle (AEAO zu § 146a Nr. 7):</source>
        <translation>Outages (AEAO on § 146a no. 7):</translation>
    </message>
    <message>
        <source>Die TSE signiert jeden Bon.</source>
        <translation>The TSE signs every receipt.</translation>
    </message>
    <message>
        <source>TSE ausgefallen seit {0}: {1}. Die Kasse verkauft weiter; die Bons sagen „TSE ausgefallen“. Sie wird alle 30 s geprüft.</source>
        <translation>TSE down since {0}: {1}. The till keeps selling; receipts say ‘TSE ausgefallen’. Checked every 30 s.</translation>
    </message>
    <message>
        <source>Kasse (Client-ID) {0}</source>
        <translation>Register (client ID) {0}</translation>
    </message>
    <message>
        <source> · {0}
Seriennummer {1}
Signaturzähler {2} · offene Transaktionen {3}</source>
        <translation> · {0}
Serial number {1}
Signature counter {2} · open transactions {3}</translation>
    </message>
    <message>
        <source>andauernd</source>
        <translation>ongoing</translation>
    </message>
    <message>
        <source>Schulungsmodus beenden</source>
        <translation>End training mode</translation>
    </message>
    <message>
        <source>Schulungsmodus starten</source>
        <translation>Start training mode</translation>
    </message>
    <message>
        <source>Prüfe …</source>
        <translation>Checking …</translation>
    </message>
</context>
<context>
    <name>TseIndicator</name>
    <message>
        <source>TSE (Signatur der Bons): Status, Ausfälle, Schulungsmodus</source>
        <translation>TSE (receipt signing): status, outages, training mode</translation>
    </message>
    <message>
        <source>TSE ✓</source>
        <translation>TSE ✓</translation>
    </message>
    <message>
        <source>⚠ TSE AUSGEFALLEN</source>
        <translation>⚠ TSE DOWN</translation>
    </message>
    <message>
        <source>Seit {0}: {1}. Die Bons sagen „TSE ausgefallen“.</source>
        <translation>Since {0}: {1}. Receipts say ‘TSE ausgefallen’.</translation>
    </message>
    <message>
        <source>SCHULUNG · </source>
        <translation>TRAINING · </translation>
    </message>
</context>
<context>
    <name>TseStatus</name>
    <message>
        <source>TSE nicht erreichbar</source>
        <translation>TSE unreachable</translation>
    </message>
    <message>
        <source>Uhr der TSE nicht gestellt</source>
        <translation>TSE clock not set</translation>
    </message>
    <message>
        <source>TSE lehnt die Anfrage ab</source>
        <translation>TSE rejects the request</translation>
    </message>
    <message>
        <source>Zugang zur TSE abgelehnt (Zugangsdaten prüfen)</source>
        <translation>Access to TSE denied (check credentials)</translation>
    </message>
    <message>
        <source>TSE-Fehler</source>
        <translation>TSE error</translation>
    </message>
</context>
<context>
    <name>VoidConfirm</name>
    <message>
        <source>Bon stornieren?</source>
        <translation>Void receipt?</translation>
    </message>
    <message numerus="yes">
        <source>Den ganzen Bon mit %n Artikeln über {0} stornieren?</source>
        <translation>
            <numerusform>Void the whole receipt with %n item for {0}?</numerusform>
            <numerusform>Void the whole receipt with %n items for {0}?</numerusform>
        </translation>
    </message>
    <message>
        <source>Stornieren (F9)</source>
        <translation>Void (F9)</translation>
    </message>
    <message>
        <source>Behalten (Esc)</source>
        <translation>Keep (Esc)</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Diese Kasse ist noch nicht eingerichtet.

Für den Betrieb meldet die IT sie bei der Zentrale an: python -m app (ohne --startup-probe) zeigt dazu den Einrichtungs-Assistenten, python -m app enroll … richtet sie ohne Bildschirm ein.
Zum Ausprobieren startet python -m app --demo einen Demo-Markt mit Beispieldaten.</source>
        <extracomment>The exit status of a start that found nothing to start (an unconfigured register without --demo).</extracomment>
        <translation>This register is not set up yet.

For live use, IT enrols it with head office: python -m app (without --startup-probe) shows the setup wizard, python -m app enroll … sets it up without a screen.
To try it out, python -m app --demo starts a demo store with sample data.</translation>
    </message>
</context>
<context>
    <name>associates</name>
    <message>
        <source>Nur die Marktleitung ändert die PIN anderer</source>
        <translation>Only a manager can change other staff’s PINs</translation>
    </message>
</context>
<context>
    <name>auth</name>
    <message>
        <source>{what}: nicht für Auszubildende im Schulungsmodus</source>
        <extracomment>associate, manager, trainee (sells in training mode only), store IT (the register&apos;s settings)</extracomment>
        <translation>{what}: not for trainees in training mode</translation>
    </message>
    <message>
        <source>Zu viele falsche PINs – bitte eine Minute warten</source>
        <translation>Too many wrong PINs – please wait a minute</translation>
    </message>
    <message>
        <source>PIN falsch</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <source>Keine gültige Marktleiter-PIN</source>
        <translation>No valid manager PIN</translation>
    </message>
</context>
<context>
    <name>backend</name>
    <message>
        <source>Die Zentrale kennt diese Kasse nicht (mehr): bitte die IT verständigen, sie meldet die Kasse neu an.</source>
        <translation>Head office does not know this register (any more): please inform IT to re-enrol it.</translation>
    </message>
    <message>
        <source>Einrichtungscode unbekannt oder für eine andere Kasse – bitte Filiale, Kassennummer und Code prüfen.</source>
        <translation>Setup code unknown or for another register – check store, register number and code.</translation>
    </message>
    <message>
        <source>Dieser Einrichtungscode wurde schon benutzt – die IT erzeugt einen neuen.</source>
        <translation>This setup code has already been used – IT will create a new one.</translation>
    </message>
    <message>
        <source>Kasse {register} ist schon eingerichtet. Soll dieser PC sie ersetzen, meldet die IT die alte erst ab.</source>
        <translation>Register {register} is already set up. For this PC to replace it, IT must first deregister the old one.</translation>
    </message>
    <message>
        <source>Die Zentrale hat den Abgleichstand nicht erkannt; der nächste Abgleich beginnt von vorn.</source>
        <translation>Head office did not recognise the sync position; the next sync starts from scratch.</translation>
    </message>
    <message>
        <source>Diese Klärung ist der Zentrale nicht (mehr) bekannt.</source>
        <translation>Head office does not know this resolution (any more).</translation>
    </message>
    <message>
        <source>Kein Online-Warenkorb mit diesem Code.</source>
        <translation>No online basket with this code.</translation>
    </message>
    <message>
        <source>Dieser Warenkorb ist bereits abgeschlossen.</source>
        <translation>This basket is already completed.</translation>
    </message>
    <message>
        <source>Dieser Warenkorb wird schon an Kasse {register} bezahlt.</source>
        <translation>This basket is already being paid at register {register}.</translation>
    </message>
    <message>
        <source>Dieser Bon ist der Zentrale nicht bekannt.</source>
        <translation>Head office does not know this receipt.</translation>
    </message>
    <message>
        <source>Bitte Kundenkarte, vollständige E-Mail-Adresse oder Telefonnummer angeben.</source>
        <translation>Please enter loyalty card, full email address or phone number.</translation>
    </message>
    <message>
        <source>Gutschein {code} ist unbekannt.</source>
        <translation>Voucher {code} is unknown.</translation>
    </message>
</context>
<context>
    <name>cart</name>
    <message>
        <source>{name} wird gewogen – bitte das Waagenetikett scannen</source>
        <translation>{name} is sold by weight – please scan the scale label</translation>
    </message>
    <message>
        <source>Waagenetikett ohne Gewicht und Preis</source>
        <translation>Scale label without weight and price</translation>
    </message>
    <message>
        <source>Gewicht {weight} kg passt nicht – bitte Etikett und Artikelpreis prüfen oder neu wiegen</source>
        <translation>Weight {weight} kg does not match – please check label and item price or reweigh</translation>
    </message>
    <message>
        <source>Diese Position gibt es nicht mehr</source>
        <translation>This line no longer exists</translation>
    </message>
    <message>
        <source>Die Menge einer gewogenen Position kommt vom Etikett</source>
        <translation>The quantity of a weighed line comes from the label</translation>
    </message>
    <message>
        <source>Menge muss mindestens 1 sein – zum Entfernen &apos;Entfernen&apos; wählen</source>
        <translation>Quantity must be at least 1 – to remove, choose &apos;Remove&apos;</translation>
    </message>
    <message>
        <source>Menge zu groß</source>
        <translation>Quantity too large</translation>
    </message>
    <message>
        <source>Ein Rabatt kann nicht negativ sein</source>
        <translation>A discount cannot be negative</translation>
    </message>
    <message>
        <source>Mehr als 100 % Rabatt geht nicht</source>
        <translation>Discount cannot exceed 100 %</translation>
    </message>
    <message>
        <source>Höchstens {count} Coupons je Bon</source>
        <translation>At most {count} coupons per receipt</translation>
    </message>
    <message>
        <source>Coupon {code} ({name}) eingelöst</source>
        <translation>Coupon {code} ({name}) redeemed</translation>
    </message>
    <message>
        <source>Coupon {code} ({name}) erfasst – er gilt, sobald der Bon seine Bedingungen erfüllt</source>
        <translation>Coupon {code} ({name}) added – it applies once the receipt meets its conditions</translation>
    </message>
    <message>
        <source>Treuepunkte gibt es im Schulungsmodus nicht</source>
        <translation>No loyalty points in training mode</translation>
    </message>
    <message>
        <source>Höchstens {points} Punkte einlösbar (ohne Verbindung zur Zentrale gilt die Grenze für Einlösungen ohne Verbindung)</source>
        <translation>At most {points} points can be redeemed (without a connection to head office, the offline redemption limit applies)</translation>
    </message>
    <message>
        <source>Höchstens {points} Punkte einlösbar</source>
        <translation>At most {points} points can be redeemed</translation>
    </message>
    <message>
        <source>{points} Punkte eingelöst</source>
        <translation>{points} points redeemed</translation>
    </message>
    <message>
        <source>Keine Punkte eingelöst</source>
        <translation>No points redeemed</translation>
    </message>
    <message>
        <source>Geschenkkarten gibt es im Schulungsmodus nicht</source>
        <translation>No gift cards in training mode</translation>
    </message>
    <message>
        <source>Geschenkkarten bitte auf einem eigenen Bon verkaufen, nicht mit einem Lieferauftrag</source>
        <translation>Please sell gift cards on a separate receipt, not with a delivery order</translation>
    </message>
    <message>
        <source>Eine Geschenkkarte hat {low} bis {high}</source>
        <translation>Gift card amount: {low} to {high}</translation>
    </message>
    <message>
        <source>Höchstens {count} Geschenkkarten je Bon – bitte einen weiteren Bon</source>
        <translation>At most {count} gift cards per receipt – please use another receipt</translation>
    </message>
    <message>
        <source>Geschenkkarte {code} über {amount} – gilt nach dem Bezahlen</source>
        <translation>Gift card {code} for {amount} – valid after payment</translation>
    </message>
</context>
<context>
    <name>cash</name>
    <message>
        <source>Bitte einen Betrag über 0,00 € eingeben</source>
        <extracomment>How a movement&apos;s business case is named on receipts, reports and in the cash book (the stored kind is the DSFinV-K name, which is not always German an associate would read).</extracomment>
        <translation>Please enter an amount above €0.00</translation>
    </message>
    <message>
        <source>Keine Euro-Stückelung: {denomination} Cent</source>
        <translation>Not a euro denomination: {denomination} cent</translation>
    </message>
    <message>
        <source>Die Anzahl muss zwischen 0 und 100.000 liegen</source>
        <translation>The number must be between 0 and 100,000</translation>
    </message>
</context>
<context>
    <name>catalog</name>
    <message>
        <source>Leerer Scan</source>
        <extracomment>The price is the one valid today (app/services/prices.py): its parameters come first in every statement.</extracomment>
        <translation>Empty scan</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; ist kein Artikelcode</source>
        <translation>&apos;{code}&apos; is not an item code</translation>
    </message>
    <message>
        <source>Waagenartikel {number} ist nicht im Sortiment</source>
        <translation>Weighed item {number} is not in our range</translation>
    </message>
    <message>
        <source>Artikel {code} ist nicht im Sortiment</source>
        <translation>Item {code} is not in our range</translation>
    </message>
    <message>
        <source>Artikel nicht gefunden</source>
        <translation>Item not found</translation>
    </message>
</context>
<context>
    <name>checkout</name>
    <message>
        <source>Verkauf außerhalb des Schulungsmodus</source>
        <translation>Sale outside training mode</translation>
    </message>
</context>
<context>
    <name>closing</name>
    <message>
        <source>Tagesabschluss</source>
        <translation>End-of-day closing</translation>
    </message>
    <message>
        <source>Die Kasse ist nicht geöffnet – es gibt keinen Tag abzuschließen</source>
        <translation>The till is not open – there is no day to close</translation>
    </message>
    <message>
        <source>Die Zählung weicht um mehr als {limit} ab. Den Tag schließt eine Marktleitung ab – bitte Marktleiter-PIN eingeben.</source>
        <translation>The count differs by more than {limit}. A manager closes the day – please enter manager PIN.</translation>
    </message>
</context>
<context>
    <name>context</name>
    <message>
        <source>Diese Kasse ist noch keinem Markt zugeordnet</source>
        <translation>This register is not assigned to a store yet</translation>
    </message>
    <message>
        <source>Markt {store} fehlt in der lokalen Datenbank</source>
        <translation>Store {store} is missing from the local database</translation>
    </message>
</context>
<context>
    <name>coupons</name>
    <message>
        <source>Coupon {code} ist nicht bekannt</source>
        <extracomment>What the associate reads for each refusal; `CouponError` fills in the parameters.</extracomment>
        <translation>Coupon {code} not recognised</translation>
    </message>
    <message>
        <source>Coupon {code} wurde von der Zentrale zurückgezogen</source>
        <translation>Coupon {code} was withdrawn by head office</translation>
    </message>
    <message>
        <source>Coupon {code} ist abgelaufen (gültig bis {until})</source>
        <translation>Coupon {code} has expired (valid until {until})</translation>
    </message>
    <message>
        <source>Coupon {code} gilt erst ab {since}</source>
        <translation>Coupon {code} is only valid from {since}</translation>
    </message>
    <message>
        <source>Coupon {code} gilt nicht in diesem Markt</source>
        <translation>Coupon {code} is not valid in this store</translation>
    </message>
    <message>
        <source>Coupon {code} gilt nur im Online-Shop</source>
        <translation>Coupon {code} is only valid in the online shop</translation>
    </message>
    <message>
        <source>Coupon {code} wurde schon eingelöst</source>
        <translation>Coupon {code} has already been redeemed</translation>
    </message>
    <message>
        <source>Coupon {code}: dieser Kunde hat ihn schon {uses}× eingelöst (erlaubt: {limit}×)</source>
        <translation>Coupon {code}: this customer has already redeemed it {uses}× (allowed: {limit}×)</translation>
    </message>
    <message>
        <source>Coupon {code} ist persönlich – bitte zuerst den Kunden suchen (Strg+K)</source>
        <translation>Coupon {code} is personal – please find the customer first (Ctrl+K)</translation>
    </message>
    <message>
        <source>Coupon {code} gilt einmal je Kunde – bitte zuerst die Kundenkarte scannen oder den Kunden suchen (Strg+K)</source>
        <translation>Coupon {code} is valid once per customer – please scan the loyalty card or find the customer first (Ctrl+K)</translation>
    </message>
    <message>
        <source>Coupon {code} gehört einem anderen Kunden</source>
        <translation>Coupon {code} belongs to another customer</translation>
    </message>
    <message>
        <source>Coupon {code} ist auf diesem Bon schon erfasst</source>
        <translation>Coupon {code} is already on this receipt</translation>
    </message>
    <message>
        <source>Coupons gibt es im Schulungsmodus nicht</source>
        <translation>No coupons in training mode</translation>
    </message>
</context>
<context>
    <name>customers</name>
    <message>
        <source>Diese Kasse ist nicht mit der Zentrale verbunden – Kundensuche nicht möglich</source>
        <translation>This register is not connected to head office – customer search not possible</translation>
    </message>
    <message>
        <source>Zentrale nicht erreichbar – Kundensuche gerade nicht möglich</source>
        <translation>Head office unreachable – customer search not possible right now</translation>
    </message>
    <message>
        <source>Antwort der Zentrale unlesbar ({error})</source>
        <translation>Unreadable response from head office ({error})</translation>
    </message>
</context>
<context>
    <name>delivery</name>
    <message>
        <source>Erst die Artikel für die Lieferung scannen oder suchen</source>
        <translation>First scan or search for the items to deliver</translation>
    </message>
    <message>
        <source>Waagenartikel können nicht geliefert werden</source>
        <translation>Weighed items cannot be delivered</translation>
    </message>
    <message>
        <source>Bitte den Namen der Kundin oder des Kunden eingeben</source>
        <translation>Please enter the customer’s name</translation>
    </message>
    <message>
        <source>Bitte die vollständige Lieferadresse eingeben (Straße, Hausnummer, PLZ, Ort)</source>
        <translation>Please enter the full delivery address (street, house number, postcode, town)</translation>
    </message>
    <message>
        <source>Die E-Mail-Adresse sieht nicht richtig aus</source>
        <translation>The email address does not look right</translation>
    </message>
    <message>
        <source>Der Name</source>
        <translation>The name</translation>
    </message>
    <message>
        <source>Die Adresse</source>
        <translation>The address</translation>
    </message>
    <message>
        <source>Die E-Mail-Adresse</source>
        <translation>The email address</translation>
    </message>
    <message>
        <source>{what} ist zu lang (höchstens {longest} Zeichen)</source>
        <translation>{what} is too long (max. {longest} characters)</translation>
    </message>
</context>
<context>
    <name>dsfinvk</name>
    <message>
        <source>Den DSFinV-K-Export gibt eine Marktleitung frei</source>
        <translation>A manager approves the DSFinV-K export</translation>
    </message>
    <message>
        <source>Das Journal dieser Kasse ist ab Eintrag {seq} nicht verifizierbar (Hash oder Verkettung stimmt nicht): alles ab dort fehlt im Export</source>
        <translation>This register&apos;s journal cannot be verified from entry {seq} (hash or chaining mismatch): everything from there on is missing from the export</translation>
    </message>
    <message>
        <source>Filiale {store} ist {place} nicht bekannt</source>
        <translation>Store {store} is not known ({place})</translation>
    </message>
</context>
<context>
    <name>gtin</name>
    <message>
        <source>&apos;{code}&apos; ist kein UPC-E-Code</source>
        <translation>&apos;{code}&apos; is not a UPC-E code</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; enthält andere Zeichen als Ziffern</source>
        <translation>&apos;{code}&apos; contains characters other than digits</translation>
    </message>
    <message>
        <source>&apos;{code}&apos; hat {digits} Stellen – ein GTIN hat 8, 12, 13 oder 14</source>
        <translation>&apos;{code}&apos; has {digits} digits – a GTIN has 8, 12, 13 or 14</translation>
    </message>
    <message>
        <source>Prüfziffer falsch in &apos;{code}&apos; – bitte erneut scannen</source>
        <translation>Wrong check digit in &apos;{code}&apos; – please scan again</translation>
    </message>
</context>
<context>
    <name>handover</name>
    <message>
        <source>Keine Verbindung zur Zentrale – eine Warenkorb-Übergabe ist gerade nicht möglich. Die Artikel können als neuer Bon gescannt werden.</source>
        <translation>No connection to head office – basket handover not possible right now. The items can be scanned as a new receipt.</translation>
    </message>
    <message>
        <source>Code {code} gehört zu keinem Warenkorb – bitte noch einmal prüfen</source>
        <translation>Code {code} does not match any basket – please check again</translation>
    </message>
    <message>
        <source>Das ist kein Übergabe-Code (6 Zeichen, z. B. TRE5EN)</source>
        <translation>That is not a handover code (6 characters, e.g. TRE5EN)</translation>
    </message>
    <message>
        <source>Antwort der Zentrale unlesbar ({error}) – bitte erneut versuchen</source>
        <translation>Unreadable response from head office ({error}) – please try again</translation>
    </message>
</context>
<context>
    <name>inventory</name>
    <message>
        <source>Inventur</source>
        <translation>Stock count</translation>
    </message>
    <message>
        <source>Bitte eine gezählte Menge von 0 oder mehr eingeben</source>
        <translation>Please enter a counted quantity of 0 or more</translation>
    </message>
    <message>
        <source>Bestand zählen darf nur die Marktleitung – Freigabe nötig</source>
        <translation>Only a manager may count stock – approval needed</translation>
    </message>
    <message>
        <source>Unbekannter Artikel</source>
        <translation>Unknown item</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Artikel nicht gefunden</source>
        <translation>Item not found</translation>
    </message>
    <message>
        <source>{name}: kein EAN-13 für ein Regaletikett (Waagenartikel bekommen Waagenetiketten)</source>
        <translation>{name}: no EAN-13 for a shelf label (weighed items get scale labels)</translation>
    </message>
</context>
<context>
    <name>loyalty</name>
    <message>
        <source>Bitte zuerst die Kundenkarte scannen oder den Kunden suchen (Strg+K)</source>
        <translation>Please scan the loyalty card or find the customer first (Ctrl+K)</translation>
    </message>
</context>
<context>
    <name>money</name>
    <message>
        <source>Kein Betrag eingegeben</source>
        <translation>No amount entered</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; ist kein gültiger Betrag</source>
        <translation>&apos;{text}&apos; is not a valid amount</translation>
    </message>
</context>
<context>
    <name>payment</name>
    <message>
        <source>Bitte einen Betrag größer als 0 eingeben</source>
        <translation>Please enter an amount greater than 0</translation>
    </message>
    <message>
        <source>Der Betrag ist bereits bezahlt</source>
        <translation>The amount has already been paid</translation>
    </message>
    <message>
        <source>Mehr als 500 € Rückgeld – bitte den Betrag prüfen</source>
        <translation>More than €500 change – please check the amount</translation>
    </message>
    <message>
        <source>Eine Karte kann nicht mehr als den offenen Betrag zahlen</source>
        <translation>A card cannot pay more than the amount due</translation>
    </message>
    <message>
        <source>Gutschein {code} hat kein Guthaben mehr</source>
        <translation>Voucher {code} has no balance left</translation>
    </message>
    <message>
        <source>Gutschein {code} ist auf diesem Bon schon eingelöst</source>
        <translation>Voucher {code} has already been redeemed on this receipt</translation>
    </message>
    <message>
        <source>Kartenterminal nicht erreichbar</source>
        <translation>Card terminal unreachable</translation>
    </message>
    <message>
        <source>Karte abgelehnt</source>
        <translation>Card declined</translation>
    </message>
    <message>
        <source>Keine Antwort vom Kartenterminal</source>
        <translation>No response from card terminal</translation>
    </message>
    <message>
        <source>Gutschrift abgelehnt</source>
        <translation>Refund declined</translation>
    </message>
    <message>
        <source>Kein Kartenterminal an dieser Kasse – bitte bar zahlen</source>
        <extracomment>False: this register has no card terminal (NoTerminal); card payments and refunds are refused up front.</extracomment>
        <translation>No card terminal at this register – please pay cash</translation>
    </message>
</context>
<context>
    <name>pickup</name>
    <message>
        <source>überfällig</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>abholbereit</source>
        <translation>ready to collect</translation>
    </message>
    <message>
        <source>Ware fehlt noch</source>
        <translation>items still missing</translation>
    </message>
    <message>
        <source>abgeholt</source>
        <translation>collected</translation>
    </message>
    <message>
        <source>Abholungen</source>
        <translation>Collections</translation>
    </message>
    <message>
        <source>Diese Bestellung wird nicht in diesem Markt abgeholt</source>
        <translation>This order is not collected at this store</translation>
    </message>
    <message>
        <source>Dieser Artikel gehört nicht zur Bestellung</source>
        <translation>This item is not part of the order</translation>
    </message>
    <message>
        <source>{name}: nur noch {open} Stück offen</source>
        <translation>{name}: only {open} still outstanding</translation>
    </message>
    <message>
        <source>Bitte wählen, was übergeben wird</source>
        <translation>Please choose what is handed over</translation>
    </message>
    <message>
        <source>Bitte zuerst Ausweis oder Abholcode der Kundin prüfen</source>
        <translation>Please check the customer’s ID or collection code first</translation>
    </message>
    <message>
        <source>Die Bestellung ist noch nicht bezahlt – bitte zuerst kassieren</source>
        <translation>The order has not been paid yet – please take payment first</translation>
    </message>
    <message>
        <source>Die Bestellung ist schon bezahlt – einfach übergeben</source>
        <translation>The order is already paid – just hand it over</translation>
    </message>
</context>
<context>
    <name>pin</name>
    <message>
        <source>Eine PIN hat {min_digits} bis {max_digits} Ziffern</source>
        <extracomment>n=2**15, r=12: about 0.19 s per check on the reference PC (2 cores, 2026), so a login stays under 0.3 s and all six-digit PINs take about 2.2 days on one core; 48 MiB of memory per check. The cost new hashes are made with. Only the tests lower it (tests/conftest.py). The most memory one check may take; a stored hash asking for more is refused, not computed.</extracomment>
        <translation>A PIN has {min_digits} to {max_digits} digits</translation>
    </message>
    <message>
        <source>Diese PIN braucht mindestens {min_digits} Ziffern</source>
        <translation>This PIN needs at least {min_digits} digits</translation>
    </message>
    <message>
        <source>Bitte eine andere PIN als die Start-PIN wählen</source>
        <translation>Please choose a PIN other than the initial PIN</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>Druckerangabe &apos;{spec}&apos; ist unvollständig (network:HOST oder network:HOST:PORT)</source>
        <translation>Printer setting &apos;{spec}&apos; is incomplete (network:HOST or network:HOST:PORT)</translation>
    </message>
    <message>
        <source>Druckerangabe &apos;{spec}&apos; nennt keinen Pfad (file:/dev/usb/lp0)</source>
        <translation>Printer setting &apos;{spec}&apos; has no path (file:/dev/usb/lp0)</translation>
    </message>
    <message>
        <source>{name} ist nicht vorhanden – angeschlossen und eingeschaltet?</source>
        <translation>{name} is not present – connected and switched on?</translation>
    </message>
    <message>
        <source>Unbekannte Druckerangabe &apos;{spec}&apos; (network:…, usb:…, file:…)</source>
        <translation>Unknown printer setting &apos;{spec}&apos; (network:…, usb:…, file:…)</translation>
    </message>
    <message>
        <source>Druckerangabe &apos;{spec}&apos;: Hersteller- und Produktnummer hexadezimal angeben, z. B. usb:0x04b8:0x0202</source>
        <translation>Printer setting &apos;{spec}&apos;: give vendor and product ID in hex, e.g. usb:0x04b8:0x0202</translation>
    </message>
    <message>
        <source>USB-Bondrucker {ids}</source>
        <translation>USB receipt printer {ids}</translation>
    </message>
    <message>
        <source>Bondrucker {where}</source>
        <translation>Receipt printer {where}</translation>
    </message>
    <message>
        <source>{name}: Die Systembibliothek libusb fehlt (Paket libusb-1.0-0 installieren).</source>
        <translation>{name}: the system library libusb is missing (install package libusb-1.0-0).</translation>
    </message>
    <message>
        <source>{name} nimmt keine Verbindung an – eingeschaltet? Richtiger Port?</source>
        <translation>{name} refuses the connection – switched on? Correct port?</translation>
    </message>
    <message>
        <source>{name} antwortet nicht (Zeitüberschreitung) – eingeschaltet und im Netz?</source>
        <translation>{name} does not respond (timeout) – switched on and on the network?</translation>
    </message>
    <message>
        <source>{name} ist im Netz nicht erreichbar – Netzwerkkabel prüfen.</source>
        <translation>{name} cannot be reached on the network – check the network cable.</translation>
    </message>
    <message>
        <source>{name} hat die Verbindung beim Drucken getrennt.</source>
        <translation>{name} dropped the connection while printing.</translation>
    </message>
    <message>
        <source>{name} ist nicht vorhanden – angeschlossen und eingeschaltet? Pfad richtig?</source>
        <translation>{name} is not present – connected and switched on? Path correct?</translation>
    </message>
    <message>
        <source>{name} ist nicht mehr angeschlossen.</source>
        <translation>{name} is no longer connected.</translation>
    </message>
    <message>
        <source>{name} – keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp aufnehmen).</source>
        <translation>{name} – no permission (create a udev rule or add the user to the lp group).</translation>
    </message>
    <message>
        <source>{name} wird von einem anderen Programm benutzt (oder vom Kerneltreiber usblp).</source>
        <translation>{name} is in use by another program (or by the usblp kernel driver).</translation>
    </message>
    <message>
        <source>{name} meldet einen Gerätefehler – Papier und Deckel prüfen.</source>
        <translation>{name} reports a device error – check paper and cover.</translation>
    </message>
    <message>
        <source>{name} antwortet nicht (Zeitüberschreitung) – Papier, Deckel und Strom prüfen.</source>
        <translation>{name} does not respond (timeout) – check paper, cover and power.</translation>
    </message>
    <message>
        <source>{name}: Das Python-Paket pyusb fehlt in dieser Installation.</source>
        <translation>{name}: the Python package pyusb is missing from this installation.</translation>
    </message>
    <message>
        <source>{name} nicht gefunden – USB-Kabel und Strom prüfen.</source>
        <translation>{name} not found – check USB cable and power.</translation>
    </message>
    <message>
        <source>{name}: Der Rechnername ist unbekannt – Druckerangabe prüfen.</source>
        <translation>{name}: unknown host name – check the printer setting.</translation>
    </message>
    <message>
        <source>{name}: Der Bon konnte nicht gedruckt werden.</source>
        <translation>{name}: the receipt could not be printed.</translation>
    </message>
</context>
<context>
    <name>receipts</name>
    <message>
        <source>Bon {id} nicht gefunden</source>
        <translation>Receipt {id} not found</translation>
    </message>
    <message>
        <source>Rückgabe {id} nicht gefunden</source>
        <translation>Return {id} not found</translation>
    </message>
    <message>
        <source>Kassenbeleg {id} nicht gefunden</source>
        <translation>Cash movement {id} not found</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>Den X-Bericht mit dem Soll-Bestand sieht eine Marktleitung (die Kasse wird blind gezählt). Bitte Marktleiter-PIN eingeben.</source>
        <translation>The X report with the expected amount is for managers (the till is counted blind). Please enter manager PIN.</translation>
    </message>
</context>
<context>
    <name>returns</name>
    <message>
        <source>Kein Kartenterminal an dieser Kasse – bitte bar oder als Gutschein erstatten</source>
        <translation>No card terminal at this register – please refund in cash or as a voucher</translation>
    </message>
    <message>
        <source>Eine Kartengutschrift für diesen Einkauf ist ungeklärt – bitte zuerst das Terminal fragen</source>
        <translation>A card refund for this purchase is unresolved – please query the terminal first</translation>
    </message>
    <message>
        <source>Dieser Einkauf wurde nicht mit Karte bezahlt – eine Erstattung auf eine Karte braucht die Freigabe der Marktleitung</source>
        <translation>This purchase was not paid by card – a refund to a card needs manager approval</translation>
    </message>
    <message>
        <source>Bon {receipt_no}, Kasse {register}</source>
        <translation>Receipt {receipt_no}, register {register}</translation>
    </message>
    <message>
        <source>Bestellung {order_no}</source>
        <translation>Order {order_no}</translation>
    </message>
    <message>
        <source>Bon nicht in dieser Kasse, und die Zentrale ist nicht erreichbar – Bons anderer Kassen lassen sich nur mit Verbindung finden</source>
        <translation>Receipt not on this register and head office is unreachable – receipts from other registers can only be found when online</translation>
    </message>
    <message>
        <source>Bestellung nicht in dieser Kasse, und die Zentrale ist nicht erreichbar – gelieferte Bestellungen und Abholungen anderer Märkte lassen sich nur mit Verbindung finden</source>
        <translation>Order not on this register and head office is unreachable – delivered orders and collections from other stores can only be found when online</translation>
    </message>
    <message>
        <source>Die Zentrale ist nicht erreichbar – Bestellungen nach E-Mail lassen sich nur mit Verbindung finden; bitte die Bestellnummer scannen oder eingeben</source>
        <translation>Head office is unreachable – orders can only be found by email when online; please scan or enter the order number</translation>
    </message>
    <message>
        <source>Die Zentrale kennt diesen Bon bzw. diese Bestellung nicht</source>
        <translation>Head office does not know this receipt or order</translation>
    </message>
    <message>
        <source>Die Zentrale lehnt die Suche ab – bitte Eingabe prüfen; wenn es anhält, IT verständigen</source>
        <translation>Head office rejects the search – please check the input; if it persists, inform IT</translation>
    </message>
    <message>
        <source>Antwort der Zentrale unlesbar – bitte noch einmal versuchen</source>
        <translation>Unreadable response from head office – please try again</translation>
    </message>
    <message>
        <source>Antwort der Zentrale unlesbar (Bestellung)</source>
        <translation>Unreadable response from head office (order)</translation>
    </message>
    <message>
        <source>Bestellung {number} ist in dieser Kasse nicht bekannt – gelieferte Bestellungen und Abholungen anderer Märkte findet die Kasse nur mit Verbindung zur Zentrale</source>
        <translation>Order {number} is not known on this register – delivered orders and collections from other stores can only be found when connected to head office</translation>
    </message>
    <message>
        <source>Bestellung {number} ist der Zentrale nicht bekannt</source>
        <translation>Order {number} is not known to head office</translation>
    </message>
    <message>
        <source>Bestellungen nach E-Mail findet die Kasse nur mit Verbindung zur Zentrale – bitte die Bestellnummer scannen oder eingeben</source>
        <translation>The register can only find orders by email when connected to head office – please scan or enter the order number</translation>
    </message>
    <message>
        <source>Keine Online-Bestellung mit der E-Mail {email}</source>
        <translation>No online order with the email {email}</translation>
    </message>
    <message>
        <source>Bitte den Barcode vom Kassenbon oder die Bestellnummer scannen</source>
        <translation>Please scan the barcode on the receipt or the order number</translation>
    </message>
    <message>
        <source>Bon {receipt_no} ist ein Schulungsbon – nichts zurückzunehmen</source>
        <translation>Receipt {receipt_no} is a training receipt – nothing to return</translation>
    </message>
    <message>
        <source>Bon {receipt_no} ist ein Kassenbeleg (Bargeldbewegung) – nichts zurückzunehmen</source>
        <translation>Receipt {receipt_no} is a cash movement (cash in/out) – nothing to return</translation>
    </message>
    <message>
        <source>Bon {receipt_no} der Kasse {register_id} ist hier nicht gespeichert und die Kasse ist nicht mit der Zentrale verbunden</source>
        <translation>Receipt {receipt_no} from register {register_id} is not stored here and the register is not connected to head office</translation>
    </message>
    <message>
        <source>Defekt</source>
        <translation>Faulty</translation>
    </message>
    <message>
        <source>Gefällt nicht</source>
        <translation>Changed mind</translation>
    </message>
    <message>
        <source>Falscher Artikel / Größe</source>
        <translation>Wrong item / size</translation>
    </message>
    <message>
        <source>Zu spät geliefert</source>
        <translation>Delivered too late</translation>
    </message>
    <message>
        <source>Sonstiges</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Bar</source>
        <extracomment>Reasons whose goods are written off by default (not put back into stock); the associate may still decide.</extracomment>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Karte (Terminal)</source>
        <translation>Card (terminal)</translation>
    </message>
    <message>
        <source>Online (Shop erstattet)</source>
        <translation>Online (shop refunds)</translation>
    </message>
    <message>
        <source>Gutschein</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>Rückgaben</source>
        <translation>Returns</translation>
    </message>
    <message>
        <source>Bitte einen Rückgabegrund wählen</source>
        <translation>Please choose a return reason</translation>
    </message>
    <message>
        <source>Dieser Artikel ist nicht Teil des Einkaufs</source>
        <translation>This item is not part of the purchase</translation>
    </message>
    <message>
        <source>{name}: höchstens {left} Stück rückgabefähig</source>
        <translation>{name}: at most {left} returnable</translation>
    </message>
    <message>
        <source>Keine Menge zur Rückgabe gewählt</source>
        <translation>No quantity chosen to return</translation>
    </message>
    <message>
        <source>Der Einkauf ist {age} Tage her (Rückgabefrist {window} Tage)</source>
        <translation>The purchase was {age} days ago (return period {window} days)</translation>
    </message>
    <message>
        <source>Erstattung über {limit}</source>
        <translation>Refund over {limit}</translation>
    </message>
    <message>
        <source>{reason} – Freigabe durch die Marktleitung nötig</source>
        <translation>{reason} – manager approval needed</translation>
    </message>
    <message>
        <source>{first} und {second} – Freigabe durch die Marktleitung nötig</source>
        <translation>{first} and {second} – manager approval needed</translation>
    </message>
    <message>
        <source>Bitte wählen, wie erstattet wird</source>
        <translation>Please choose how to refund</translation>
    </message>
    <message>
        <source>Nur online bezahlte Bestellungen werden über den Shop erstattet</source>
        <translation>Only orders paid online are refunded via the shop</translation>
    </message>
</context>
<context>
    <name>sale</name>
    <message>
        <source>⚠ ABGELAUFEN seit {date} – nicht verkaufen</source>
        <translation>⚠ EXPIRED since {date} – do not sell</translation>
    </message>
    <message>
        <source>MHD {date}</source>
        <translation>Best before {date}</translation>
    </message>
    <message>
        <source>Coupon {code} gilt nicht für diesen Kunden – vom Bon genommen</source>
        <translation>Coupon {code} is not valid for this customer – removed from receipt</translation>
    </message>
    <message>
        <source>Coupons {codes} gelten nicht für diesen Kunden – vom Bon genommen</source>
        <translation>Coupons {codes} are not valid for this customer – removed from receipt</translation>
    </message>
    <message>
        <source>Die Zahlung hat begonnen – erst die Zahlung abbrechen, dann ändern</source>
        <translation>Payment has started – cancel the payment first, then change</translation>
    </message>
    <message>
        <source>Eine Kartenzahlung ist ungeklärt – bitte zuerst im Bezahlen-Dialog das Terminal fragen (F12, dann F7)</source>
        <translation>A card payment is unresolved – please query the terminal in the payment dialogue first (F12, then F7)</translation>
    </message>
    <message>
        <source>Der Bon ist bereits signiert, aber noch nicht gespeichert – bitte erneut abschließen (F12)</source>
        <translation>The receipt is already signed but not yet saved – please complete it again (F12)</translation>
    </message>
    <message>
        <source>GS1-Code ohne GTIN – bitte den Artikel-Barcode scannen</source>
        <translation>GS1 code without GTIN – please scan the item barcode</translation>
    </message>
    <message>
        <source>{name} wird gewogen – bitte das Waagenetikett scannen</source>
        <translation>{name} is sold by weight – please scan the scale label</translation>
    </message>
    <message>
        <source>Online-Warenkörbe und Abholungen</source>
        <translation>Online baskets and collections</translation>
    </message>
    <message>
        <source>Bitte zuerst den aktuellen Bon abschließen oder parken</source>
        <translation>Please complete or park the current receipt first</translation>
    </message>
    <message>
        <source>Lieferaufträge</source>
        <translation>Delivery orders</translation>
    </message>
    <message>
        <source>Rabatte über {percent} % braucht die Freigabe einer Marktleitung</source>
        <translation>Discounts over {percent} % need manager approval</translation>
    </message>
    <message>
        <source>Der Warenkorb ist leer – nichts zu parken</source>
        <translation>The basket is empty – nothing to park</translation>
    </message>
    <message>
        <source>Dieser geparkte Bon ist nicht mehr da</source>
        <translation>This parked receipt no longer exists</translation>
    </message>
    <message>
        <source>Dieser Bon wurde im Schulungsmodus geparkt – erst den Schulungsmodus einschalten</source>
        <translation>This receipt was parked in training mode – switch on training mode first</translation>
    </message>
    <message>
        <source>Ein echter Bon – erst den Schulungsmodus beenden</source>
        <translation>A real receipt – end training mode first</translation>
    </message>
    <message>
        <source>Der bisherige Bon wurde geparkt</source>
        <translation>The previous receipt was parked</translation>
    </message>
    <message>
        <source>Stornos über {limit} braucht die Freigabe einer Marktleitung</source>
        <translation>Voids over {limit} need manager approval</translation>
    </message>
    <message>
        <source>Gutscheine</source>
        <translation>Vouchers</translation>
    </message>
    <message>
        <source>Geschenkkarte {code}: ohne Verbindung zur Zentrale ist die Grenze für diese Karte an dieser Kasse erreicht</source>
        <translation>Gift card {code}: without a connection to head office, the limit for this card at this register has been reached</translation>
    </message>
    <message>
        <source>Eine Kartenzahlung ist bereits gebucht – der Bon muss abgeschlossen werden</source>
        <translation>A card payment is already booked – the receipt must be completed</translation>
    </message>
    <message>
        <source>Der Warenkorb ist leer</source>
        <translation>The basket is empty</translation>
    </message>
    <message>
        <source>Eine Kartenzahlung ist noch ungeklärt – bitte zuerst den Status abfragen</source>
        <translation>A card payment is still unresolved – please query its status first</translation>
    </message>
    <message>
        <source>Kartenzahlungen</source>
        <translation>Card payments</translation>
    </message>
    <message>
        <source>Den Schulungsmodus bitte zwischen zwei Bons wechseln</source>
        <translation>Please switch training mode between two receipts</translation>
    </message>
    <message>
        <source>Schulungsmodus beenden</source>
        <translation>End training mode</translation>
    </message>
    <message>
        <source>Den Schulungsmodus schaltet eine Marktleitung</source>
        <translation>Only a manager can switch training mode</translation>
    </message>
    <message>
        <source>{what} gibt es im Schulungsmodus nicht</source>
        <translation>{what} not available in training mode</translation>
    </message>
    <message>
        <source>Es ist noch nicht alles bezahlt</source>
        <translation>Not everything has been paid yet</translation>
    </message>
</context>
<context>
    <name>scanning</name>
    <message>
        <source>Kamera {index} nicht gefunden oder von einem anderen Programm belegt</source>
        <translation>Camera {index} not found or in use by another program</translation>
    </message>
    <message>
        <source>Die Kamera liefert keine Bilder mehr (abgezogen?)</source>
        <translation>The camera no longer sends images (unplugged?)</translation>
    </message>
    <message>
        <source>Keine Bilder für die Testkamera</source>
        <translation>No images for the test camera</translation>
    </message>
    <message>
        <source>Unbekannte Kamera „{spec}“</source>
        <translation>Unknown camera “{spec}”</translation>
    </message>
    <message>
        <source>Kamera-Fehler: {error}</source>
        <translation>Camera error: {error}</translation>
    </message>
    <message>
        <source>Unbekannter GS1-Datenbezeichner bei &apos;{ai}&apos;</source>
        <translation>Unknown GS1 application identifier at &apos;{ai}&apos;</translation>
    </message>
    <message>
        <source>GS1-Feld {ai} ist zu kurz</source>
        <translation>GS1 field {ai} is too short</translation>
    </message>
    <message>
        <source>Ungültiges Verfallsdatum {value}</source>
        <translation>Invalid expiry date {value}</translation>
    </message>
    <message>
        <source>Kein GS1 Digital Link (kein /01/ im Pfad)</source>
        <translation>Not a GS1 Digital Link (no /01/ in path)</translation>
    </message>
    <message>
        <source>GTIN im GS1-Code ungültig: {reason}</source>
        <translation>Invalid GTIN in GS1 code: {reason}</translation>
    </message>
    <message>
        <source>Leerer GS1-Code</source>
        <translation>Empty GS1 code</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Die Einstellungen der Kasse ändern nur Marktleitung oder Filial-IT</source>
        <extracomment>Who may open the register&apos;s settings.</extracomment>
        <translation>Only a manager or store IT can change the register settings</translation>
    </message>
    <message>
        <source>Druckerangabe „{spec}“: bitte network:HOST[:PORT], usb:VID:PID oder file:PFAD</source>
        <translation>Printer setting ‘{spec}’: please use network:HOST[:PORT], usb:VID:PID or file:PATH</translation>
    </message>
    <message>
        <source>Druckerangabe „{spec}“: der Rechnername oder die IP-Adresse fehlt oder ist ungültig (z. B. network:192.168.1.50:9100)</source>
        <translation>Printer setting ‘{spec}’: host name or IP address missing or invalid (e.g. network:192.168.1.50:9100)</translation>
    </message>
    <message>
        <source>Druckerangabe „{spec}“: der Port muss eine Zahl von 1 bis 65535 sein (meist 9100)</source>
        <translation>Printer setting ‘{spec}’: the port must be a number from 1 to 65535 (usually 9100)</translation>
    </message>
    <message>
        <source>Druckerangabe „{spec}“: Hersteller- und Produktnummer hexadezimal angeben, z. B. usb:0x04b8:0x0202</source>
        <translation>Printer setting ‘{spec}’: give vendor and product ID in hex, e.g. usb:0x04b8:0x0202</translation>
    </message>
    <message>
        <source>Druckerangabe „{spec}“ nennt keinen Pfad (z. B. file:/dev/usb/lp0)</source>
        <translation>Printer setting ‘{spec}’ has no path (e.g. file:/dev/usb/lp0)</translation>
    </message>
    <message>
        <source>Terminal-Adresse „{host}“ ist kein gültiger Rechnername und keine IP-Adresse</source>
        <translation>Terminal address ‘{host}’ is not a valid host name or IP address</translation>
    </message>
    <message>
        <source>Terminal-Port: eine Zahl von 1 bis 65535</source>
        <translation>Terminal port: a number from 1 to 65535</translation>
    </message>
    <message>
        <source>Für die fiskaly-TSE bitte die TSS-ID angeben</source>
        <translation>For the fiskaly TSE, please enter the TSS ID</translation>
    </message>
    <message>
        <source>Für die fiskaly-TSE bitte die API-Adresse angeben (https://…)</source>
        <translation>For the fiskaly TSE, please enter the API address (https://…)</translation>
    </message>
    <message>
        <source>Für die fiskaly-TSE fehlen API-Key und API-Secret im Schlüsselbund</source>
        <translation>For the fiskaly TSE, API key and API secret are missing from the keyring</translation>
    </message>
    <message>
        <source>Kamera „{spec}“: bitte eine Nummer (0, 1, …), fake:PFAD oder leer lassen</source>
        <translation>Camera ‘{spec}’: please enter a number (0, 1, …), fake:PATH or leave empty</translation>
    </message>
    <message>
        <source>Kein Schlüsselbund (Keyring) verfügbar – Zugangsdaten können nicht sicher gespeichert werden: {reason}</source>
        <translation>No keyring available – credentials cannot be stored securely: {reason}</translation>
    </message>
</context>
<context>
    <name>setup</name>
    <message>
        <source>Diese Kasse ist schon als {register_id} an {url} angemeldet</source>
        <extracomment>What each failure says (the placeholders are the SetupError&apos;s params); a reason alone is the client&apos;s own words.</extracomment>
        <translation>This register is already enrolled as {register_id} at {url}</translation>
    </message>
    <message>
        <source>Filialnummer: 1 bis 16 Buchstaben oder Ziffern</source>
        <translation>Store number: 1 to 16 letters or digits</translation>
    </message>
    <message>
        <source>Kassennummer: 1 bis 99</source>
        <translation>Register number: 1 to 99</translation>
    </message>
    <message>
        <source>Bitte das Einmal-Geheimnis von der IT eingeben</source>
        <translation>Please enter the one-time secret from IT</translation>
    </message>
    <message>
        <source>Das Einmal-Geheimnis ist unvollständig – bitte genau so eingeben, wie die IT es gegeben hat</source>
        <translation>The one-time secret is incomplete – enter it exactly as IT gave it</translation>
    </message>
    <message>
        <source>Zertifikat der Zentrale nicht vertrauenswürdig: {reason}</source>
        <translation>Head office certificate not trusted: {reason}</translation>
    </message>
    <message>
        <source>Einmal-Geheimnis unbekannt, schon benutzt oder für eine andere Kasse – bitte Filial- und Kassennummer prüfen, sonst bei der IT ein neues anfordern</source>
        <translation>One-time secret unknown, already used or for another register – check store and register number, otherwise ask IT for a new one</translation>
    </message>
    <message>
        <source>Kasse {register_id} ist schon angemeldet – für einen neuen PC sperrt die IT den alten (admin replace-register {register_id})</source>
        <translation>Register {register_id} is already enrolled – for a new PC, IT disables the old one (admin replace-register {register_id})</translation>
    </message>
    <message>
        <source>Die Zentrale lehnt ab: {reason}</source>
        <translation>Head office refuses: {reason}</translation>
    </message>
    <message>
        <source>Antwort der Zentrale unlesbar: {reason}</source>
        <translation>Unreadable response from head office: {reason}</translation>
    </message>
    <message>
        <source>Abgebrochen – die Kasse ist angemeldet und lädt den Katalog beim nächsten Start weiter</source>
        <translation>Cancelled – the register is enrolled and will continue loading the catalogue at next start</translation>
    </message>
</context>
<context>
    <name>shipping</name>
    <message>
        <source>Versand</source>
        <translation>Shipping</translation>
    </message>
</context>
<context>
    <name>store</name>
    <message>
        <source>Datenordner {folder} kann nicht angelegt werden: {reason}</source>
        <translation>Data folder {folder} cannot be created: {reason}</translation>
    </message>
    <message>
        <source>Die lokale Datenbank {path} kann nicht geschützt werden: {reason}</source>
        <translation>The local database {path} cannot be protected: {reason}</translation>
    </message>
    <message>
        <source>Die lokale Datenbank {path} kann nicht geöffnet werden: {reason}</source>
        <translation>The local database {path} cannot be opened: {reason}</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Kein Schlüsselbund (Keyring) verfügbar: Das Kassen-Token kann nicht sicher gespeichert werden. Bitte einen Keyring-Dienst einrichten (z. B. GNOME Keyring, KWallet oder Windows-Anmeldeinformationen).</source>
        <translation>No keyring available: the register token cannot be stored securely. Please set up a keyring service (e.g. GNOME Keyring, KWallet or Windows Credential Manager).</translation>
    </message>
    <message>
        <source>Der Schlüsselbund ({keyring}) speichert im Klartext in eine Datei: Das Kassen-Token wäre nicht geschützt. Bitte einen Keyring-Dienst einrichten (z. B. GNOME Keyring, KWallet oder Windows-Anmeldeinformationen).</source>
        <translation>The keyring ({keyring}) stores data in plain text in a file: the register token would not be protected. Please set up a keyring service (e.g. GNOME Keyring, KWallet or Windows Credential Manager).</translation>
    </message>
    <message>
        <source>keine Antwort in der Zeit</source>
        <translation>no response in time</translation>
    </message>
    <message>
        <source>verschlüsselte Verbindung gescheitert</source>
        <translation>encrypted connection failed</translation>
    </message>
    <message>
        <source>keine Verbindung</source>
        <translation>no connection</translation>
    </message>
    <message>
        <source>Verbindung abgebrochen</source>
        <translation>connection lost</translation>
    </message>
    <message>
        <source>Zentrale meldet Fehler {status}</source>
        <translation>Head office reports error {status}</translation>
    </message>
    <message>
        <source>Adresse der Zentrale abgelehnt ({shown}): nur verschlüsselt über https:// (http:// nur zu 127.0.0.1 auf diesem PC) – bitte IT verständigen</source>
        <translation>Head office address rejected ({shown}): encrypted https:// only (http:// only to 127.0.0.1 on this PC) – please inform IT</translation>
    </message>
    <message>
        <source>CA-Datei für die Zentrale nicht lesbar ({path}: {reason}) – bitte IT verständigen</source>
        <translation>CA file for head office not readable ({path}: {reason}) – please inform IT</translation>
    </message>
    <message>
        <source>unlesbare Antwort der Zentrale</source>
        <translation>unreadable response from head office</translation>
    </message>
    <message>
        <source>Antwort der Zentrale passt nicht zu den gesendeten Vorgängen</source>
        <translation>Head office response does not match the transactions sent</translation>
    </message>
    <message>
        <source>Zertifikat der Zentrale nicht vertrauenswürdig ({reason}) – keine Verbindung; bitte IT verständigen (CA-Datei der Kette einrichten oder Zertifikat erneuern)</source>
        <translation>Head office certificate not trusted ({reason}) – no connection; please inform IT (set up the chain&apos;s CA file or renew the certificate)</translation>
    </message>
    <message>
        <source>Zentrale nicht erreichbar ({reason})</source>
        <translation>Head office unreachable ({reason})</translation>
    </message>
    <message>
        <source>Antwort der Zentrale entspricht nicht dem Protokoll: {detail}</source>
        <translation>Head office response does not match the protocol: {detail}</translation>
    </message>
    <message>
        <source>Synchronisation nicht gestartet: {reason}</source>
        <translation>Sync not started: {reason}</translation>
    </message>
    <message>
        <source>Diese Kasse ist an keine Zentrale angebunden</source>
        <translation>This register is not linked to a head office</translation>
    </message>
    <message>
        <source>Synchronisation angehalten: der Speicher dieser Kasse ist voll – bitte IT verständigen</source>
        <extracomment>Told (result, exception) on the sync thread once the round after the action has run.</extracomment>
        <translation>Sync paused: this register’s storage is full – please inform IT</translation>
    </message>
    <message>
        <source>Synchronisation wartet: die lokale Datenbank ist gerade belegt</source>
        <translation>Sync waiting: the local database is busy</translation>
    </message>
    <message>
        <source>Synchronisation fehlgeschlagen – Details im Protokoll; bitte IT verständigen, wenn es anhält</source>
        <translation>Sync failed – details in the log; please inform IT if it persists</translation>
    </message>
    <message>
        <source>Synchronisation beendet</source>
        <translation>Sync finished</translation>
    </message>
    <message>
        <source>Zentrale lehnt ab: {reason}</source>
        <translation>Head office refuses: {reason}</translation>
    </message>
</context>
<context>
    <name>till</name>
    <message>
        <source>Die Kasse ist noch nicht geöffnet – bitte zuerst den Anfangsbestand zählen</source>
        <translation>The till is not open yet – please count the opening float first</translation>
    </message>
    <message>
        <source>Kasse öffnen</source>
        <translation>Open till</translation>
    </message>
    <message>
        <source>Die Kasse ist bereits geöffnet</source>
        <translation>The till is already open</translation>
    </message>
    <message>
        <source>Ein- und Auszahlungen</source>
        <translation>Cash in and out</translation>
    </message>
    <message>
        <source>So viel Bargeld ist nicht in der Kasse</source>
        <translation>There is not that much cash in the till</translation>
    </message>
    <message>
        <source>Bargeld über {limit} bewegt nur eine Marktleitung. Bitte Marktleiter-PIN eingeben.</source>
        <translation>Only a manager can move cash over {limit}. Please enter manager PIN.</translation>
    </message>
</context>
<context>
    <name>tse</name>
    <message>
        <source>Keine TSE eingerichtet</source>
        <translation>No TSE set up</translation>
    </message>
    <message>
        <source>Kein Schlüsselbund für die TSE-Zugangsdaten: {error}</source>
        <extracomment>A cloud TSE call at the counter waits at most this long; then the outage begins and the breaker opens.</extracomment>
        <translation>No keyring for the TSE credentials: {error}</translation>
    </message>
    <message>
        <source>TRESEN_FISKALY_TSS fehlt: welche fiskaly-TSS diese Kasse nutzt</source>
        <translation>TRESEN_FISKALY_TSS missing: which fiskaly TSS this register uses</translation>
    </message>
    <message>
        <source>fiskaly-API-Schlüssel fehlt im Schlüsselbund (python -m app.tse store-fiskaly-secrets)</source>
        <translation>fiskaly API key missing from keyring (python -m app.tse store-fiskaly-secrets)</translation>
    </message>
    <message>
        <source>TRESEN_FISKALY_URL fehlt: die fiskaly-API (LIVE oder TEST) dieser Kasse</source>
        <translation>TRESEN_FISKALY_URL missing: this register’s fiskaly API (LIVE or TEST)</translation>
    </message>
    <message>
        <source>Unbekannte TSE {kind} (simulator, fiskaly oder none)</source>
        <translation>Unknown TSE {kind} (simulator, fiskaly or none)</translation>
    </message>
    <message>
        <source>TSE {kind} nicht zu öffnen: {error}</source>
        <translation>Cannot open TSE {kind}: {error}</translation>
    </message>
    <message>
        <source>fiskaly: TSS-Antwort unvollständig</source>
        <translation>fiskaly: TSS response incomplete</translation>
    </message>
    <message>
        <source>fiskaly: Client {path} gehört zu einer anderen Kasse</source>
        <translation>fiskaly: client {path} belongs to another register</translation>
    </message>
    <message>
        <source>fiskaly: Referenz {reference} gehört zu einer anderen Kasse</source>
        <translation>fiskaly: reference {reference} belongs to another register</translation>
    </message>
    <message>
        <source>fiskaly: Transaktionsliste nicht lesbar</source>
        <translation>fiskaly: transaction list unreadable</translation>
    </message>
    <message>
        <source>fiskaly: Export nicht rechtzeitig fertig</source>
        <translation>fiskaly: export not ready in time</translation>
    </message>
    <message>
        <source>fiskaly: Export ist kein TAR</source>
        <translation>fiskaly: export is not a TAR</translation>
    </message>
    <message>
        <source>fiskaly: Transaktion {number} ist bereits beendet</source>
        <translation>fiskaly: transaction {number} has already ended</translation>
    </message>
    <message>
        <source>fiskaly: gelesene Revision passt nicht</source>
        <translation>fiskaly: revision read does not match</translation>
    </message>
    <message>
        <source>fiskaly: Transaktion nicht lesbar</source>
        <translation>fiskaly: transaction unreadable</translation>
    </message>
    <message>
        <source>fiskaly: Transaktion {number} gehört zu Kasse {client}</source>
        <translation>fiskaly: transaction {number} belongs to register {client}</translation>
    </message>
    <message>
        <source>fiskaly: Transaktionsantwort unvollständig</source>
        <translation>fiskaly: transaction response incomplete</translation>
    </message>
    <message>
        <source>fiskaly lehnt die Anmeldung ab</source>
        <translation>fiskaly rejects the login</translation>
    </message>
    <message>
        <source>fiskaly: keine Antwort in der Zeit</source>
        <translation>fiskaly: no response in time</translation>
    </message>
    <message>
        <source>fiskaly nicht erreichbar</source>
        <translation>fiskaly unreachable</translation>
    </message>
    <message>
        <source>fiskaly: Antwort nicht lesbar</source>
        <translation>fiskaly: response unreadable</translation>
    </message>
    <message>
        <source>fiskaly lehnt die Anmeldung ab ({kind})</source>
        <translation>fiskaly rejects the login ({kind})</translation>
    </message>
    <message>
        <source>fiskaly: Anmeldeantwort ohne Token</source>
        <translation>fiskaly: login response without token</translation>
    </message>
</context>
<context>
    <name>vouchers</name>
    <message>
        <source>Das ist kein Gutschein-Code (GS oder GK und 10 Ziffern)</source>
        <extracomment>A register that has not heard from the backend for this long is offline: a gift card spends at most the store&apos;s `gift_card_offline_limit_cents` here until it has (its balance may have been spent online meanwhile).</extracomment>
        <translation>That is not a voucher code (GS or GK and 10 digits)</translation>
    </message>
    <message>
        <source>Gutschein {code} ist gesperrt: die Erstattung, mit der er ausgegeben wurde, lag über dem Bezahlten und wird von der Marktleitung geprüft</source>
        <translation>Voucher {code} is blocked: the refund that issued it exceeded the amount paid and is being reviewed by a manager</translation>
    </message>
    <message>
        <source>Gutschein {code} ist nicht bekannt</source>
        <translation>Voucher {code} is not known</translation>
    </message>
</context>
</TS>

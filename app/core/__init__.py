"""The Qt-free domain core: money, VAT, GTINs, cart, tenders.

Nothing here touches a database, a network or Qt; everything is plain data
and arithmetic so it can be property-tested exhaustively.
"""

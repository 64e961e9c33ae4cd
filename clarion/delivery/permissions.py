VIEW_PACKS = "delivery.view_deliverypack"
BUILD_PACKS = "delivery.add_deliverypack"
DOWNLOAD_PACKS = "delivery.download_deliverypack"
ADD_PAPER = "delivery.add_papersignature"

-- CreateTable
CREATE TABLE "Dataset" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sourceFile" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "rowsTotal" INTEGER NOT NULL,
    "rowsAccepted" INTEGER NOT NULL,
    "rowsRejected" INTEGER NOT NULL,
    "rowsDuplicate" INTEGER NOT NULL,
    "rejectionsJson" TEXT NOT NULL DEFAULT '[]',
    "minEventTime" DATETIME,
    "maxEventTime" DATETIME,
    "durationMs" INTEGER NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Merchant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "externalId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Event" (
    "userId" INTEGER NOT NULL,
    "merchantId" INTEGER NOT NULL,
    "eventType" TEXT NOT NULL,
    "orderTotal" REAL NOT NULL DEFAULT 0,
    "eventTime" DATETIME NOT NULL,
    "platform" TEXT NOT NULL DEFAULT '',
    "datasetId" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "eventTime", "merchantId", "eventType", "orderTotal"),
    CONSTRAINT "Event_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Event_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Event_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
) WITHOUT ROWID;

-- CreateIndex
CREATE INDEX "Dataset_fileHash_idx" ON "Dataset"("fileHash");

-- CreateIndex
CREATE UNIQUE INDEX "Merchant_externalId_key" ON "Merchant"("externalId");

-- CreateIndex
CREATE INDEX "Merchant_category_idx" ON "Merchant"("category");

-- CreateIndex
CREATE UNIQUE INDEX "User_externalId_key" ON "User"("externalId");

-- CreateIndex
CREATE INDEX "Event_merchantId_eventTime_idx" ON "Event"("merchantId", "eventTime");

-- CreateTable
CREATE TABLE "ModelRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "stage" TEXT NOT NULL DEFAULT '',
    "progress" REAL NOT NULL DEFAULT 0,
    "configJson" TEXT NOT NULL,
    "snapshotJson" TEXT NOT NULL DEFAULT '{}',
    "metricsJson" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT false,
    "pid" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "heartbeatAt" DATETIME
);

-- CreateTable
CREATE TABLE "RecommendationList" (
    "runId" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "itemsJson" TEXT NOT NULL,

    PRIMARY KEY ("runId", "model", "userId"),
    CONSTRAINT "RecommendationList_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MerchantCache" (
    "runId" INTEGER NOT NULL,
    "merchantId" INTEGER NOT NULL,
    "similarJson" TEXT NOT NULL,
    "audienceJson" TEXT NOT NULL,

    PRIMARY KEY ("runId", "merchantId"),
    CONSTRAINT "MerchantCache_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "filtersJson" TEXT NOT NULL,
    "schedule" TEXT,
    "format" TEXT NOT NULL DEFAULT 'seed',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastExportAt" DATETIME
);

-- CreateTable
CREATE TABLE "SegmentExport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "segmentId" INTEGER NOT NULL,
    "runId" INTEGER,
    "path" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SegmentExport_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ModelRun_status_idx" ON "ModelRun"("status");

-- CreateIndex
CREATE INDEX "ModelRun_isActive_idx" ON "ModelRun"("isActive");

-- CreateIndex
CREATE INDEX "SegmentExport_segmentId_idx" ON "SegmentExport"("segmentId");

-- DropIndex
DROP INDEX "Command_hostName_type_finishedAt_idx";

-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "skipped" TEXT NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "StoreProbe" (
    "replica" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "BulkRun_finishedAt_idx" ON "BulkRun"("finishedAt");

-- CreateIndex
CREATE INDEX "Command_hostName_type_createdAt_idx" ON "Command"("hostName", "type", "createdAt");


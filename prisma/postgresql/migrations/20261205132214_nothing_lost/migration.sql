-- DropIndex
DROP INDEX "Command_hostName_type_finishedAt_idx";

-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "skipped" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "BulkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoreProbe" (
    "replica" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoreProbe_pkey" PRIMARY KEY ("replica")
);

-- CreateIndex
CREATE INDEX "BulkRun_finishedAt_idx" ON "BulkRun"("finishedAt");

-- CreateIndex
CREATE INDEX "Command_hostName_type_createdAt_idx" ON "Command"("hostName", "type", "createdAt");


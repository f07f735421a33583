-- AlterTable
ALTER TABLE "Command" ADD COLUMN "system" TEXT;
ALTER TABLE "Command" ADD COLUMN "tests" TEXT;

-- CreateIndex
CREATE INDEX "Command_hostName_type_finishedAt_idx" ON "Command"("hostName", "type", "finishedAt");


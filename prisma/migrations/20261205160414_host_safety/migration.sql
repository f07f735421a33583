-- AlterTable
ALTER TABLE "Command" ADD COLUMN "confirmedAt" DATETIME;
ALTER TABLE "Command" ADD COLUMN "rollback" TEXT;


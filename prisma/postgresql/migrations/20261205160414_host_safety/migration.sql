-- AlterTable
ALTER TABLE "Command" ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "rollback" TEXT;


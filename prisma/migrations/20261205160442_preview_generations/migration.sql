-- AlterTable
ALTER TABLE "Host" ADD COLUMN "generations" TEXT;

-- AlterTable
ALTER TABLE "Command" ADD COLUMN "preview" TEXT;


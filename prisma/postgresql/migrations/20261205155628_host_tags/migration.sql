-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "tags" TEXT NOT NULL DEFAULT '[]';


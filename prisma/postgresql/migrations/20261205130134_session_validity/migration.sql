-- AlterTable
ALTER TABLE "LoginState" ADD COLUMN     "totpFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totpLockedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SessionStamp" (
    "user" TEXT NOT NULL,
    "validAfter" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SessionStamp_pkey" PRIMARY KEY ("user")
);


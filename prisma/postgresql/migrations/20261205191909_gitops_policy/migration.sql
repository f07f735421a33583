-- CreateTable
CREATE TABLE "GitopsPolicy" (
    "id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "scope" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GitopsPolicy_pkey" PRIMARY KEY ("id")
);


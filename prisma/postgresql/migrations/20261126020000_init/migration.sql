-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "osVersion" TEXT NOT NULL DEFAULT '',
    "nixpkgsVersion" TEXT NOT NULL DEFAULT '',
    "agentVersion" TEXT NOT NULL DEFAULT '',
    "location" TEXT NOT NULL DEFAULT 'other',
    "deviceType" TEXT NOT NULL DEFAULT 'server',
    "themeColor" TEXT NOT NULL DEFAULT '#769ff0',
    "repoUrl" TEXT NOT NULL DEFAULT '',
    "repoDir" TEXT NOT NULL DEFAULT '',
    "headCommit" TEXT,
    "lockHash" TEXT,
    "lockModifiedAt" TIMESTAMP(3),
    "currentSystem" TEXT,
    "desiredSystem" TEXT,
    "uptimeSeconds" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Host_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HostToken" (
    "id" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "HostToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Command" (
    "id" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "bulkRunId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "exitCode" INTEGER,
    "durationMs" INTEGER,
    "reason" TEXT,
    "tests" TEXT,
    "system" TEXT,

    CONSTRAINT "Command_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommandOutput" (
    "commandId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" TEXT NOT NULL DEFAULT 'stdout',
    "line" TEXT NOT NULL,

    CONSTRAINT "CommandOutput_pkey" PRIMARY KEY ("commandId","seq")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");

-- CreateIndex
CREATE UNIQUE INDEX "HostToken_hash_key" ON "HostToken"("hash");

-- CreateIndex
CREATE INDEX "HostToken_hostName_idx" ON "HostToken"("hostName");

-- CreateIndex
CREATE INDEX "Command_hostName_createdAt_idx" ON "Command"("hostName", "createdAt");

-- CreateIndex
CREATE INDEX "Command_state_idx" ON "Command"("state");

-- CreateIndex
CREATE INDEX "Command_hostName_type_finishedAt_idx" ON "Command"("hostName", "type", "finishedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "Command" ADD CONSTRAINT "Command_hostName_fkey" FOREIGN KEY ("hostName") REFERENCES "Host"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommandOutput" ADD CONSTRAINT "CommandOutput_commandId_fkey" FOREIGN KEY ("commandId") REFERENCES "Command"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "lockModifiedAt" DATETIME,
    "currentSystem" TEXT,
    "desiredSystem" TEXT,
    "uptimeSeconds" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HostToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostName" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Command" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostName" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "bulkRunId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "exitCode" INTEGER,
    "durationMs" INTEGER,
    "reason" TEXT,
    CONSTRAINT "Command_hostName_fkey" FOREIGN KEY ("hostName") REFERENCES "Host" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommandOutput" (
    "commandId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "stream" TEXT NOT NULL DEFAULT 'stdout',
    "line" TEXT NOT NULL,

    PRIMARY KEY ("commandId", "seq"),
    CONSTRAINT "CommandOutput_commandId_fkey" FOREIGN KEY ("commandId") REFERENCES "Command" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT ''
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
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");


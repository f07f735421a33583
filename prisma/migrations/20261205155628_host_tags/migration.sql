-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Host" (
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
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tags" TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO "new_Host" ("agentVersion", "currentSystem", "desiredSystem", "deviceType", "firstSeenAt", "headCommit", "id", "lastSeenAt", "location", "lockHash", "lockModifiedAt", "name", "nixpkgsVersion", "osVersion", "platform", "repoDir", "repoUrl", "themeColor", "uptimeSeconds") SELECT "agentVersion", "currentSystem", "desiredSystem", "deviceType", "firstSeenAt", "headCommit", "id", "lastSeenAt", "location", "lockHash", "lockModifiedAt", "name", "nixpkgsVersion", "osVersion", "platform", "repoDir", "repoUrl", "themeColor", "uptimeSeconds" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


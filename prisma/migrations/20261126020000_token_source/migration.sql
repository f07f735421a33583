-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_HostToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostName" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);
INSERT INTO "new_HostToken" ("createdAt", "hash", "hostName", "id", "lastUsedAt", "revokedAt") SELECT "createdAt", "hash", "hostName", "id", "lastUsedAt", "revokedAt" FROM "HostToken";
DROP TABLE "HostToken";
ALTER TABLE "new_HostToken" RENAME TO "HostToken";
CREATE UNIQUE INDEX "HostToken_hash_key" ON "HostToken"("hash");
CREATE INDEX "HostToken_hostName_idx" ON "HostToken"("hostName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- CreateTable
CREATE TABLE "SessionStamp" (
    "user" TEXT NOT NULL PRIMARY KEY,
    "validAfter" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LoginState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastTotpStep" INTEGER NOT NULL DEFAULT -1,
    "totpFailures" INTEGER NOT NULL DEFAULT 0,
    "totpLockedUntil" DATETIME
);
INSERT INTO "new_LoginState" ("id", "lastTotpStep") SELECT "id", "lastTotpStep" FROM "LoginState";
DROP TABLE "LoginState";
ALTER TABLE "new_LoginState" RENAME TO "LoginState";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- CreateTable
CREATE TABLE "LoginState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastTotpStep" INTEGER NOT NULL DEFAULT -1
);


-- The one row claimTotpStep updates (lib/store/login-state.ts).
INSERT INTO "LoginState" ("id", "lastTotpStep") VALUES (1, -1);

-- CreateTable
CREATE TABLE "LoginState" (
    "id" INTEGER NOT NULL,
    "lastTotpStep" INTEGER NOT NULL DEFAULT -1,

    CONSTRAINT "LoginState_pkey" PRIMARY KEY ("id")
);


-- The one row claimTotpStep updates (lib/store/login-state.ts).
INSERT INTO "LoginState" ("id", "lastTotpStep") VALUES (1, -1);

-- CreateTable
CREATE TABLE "CommandOutputChunk" (
    "commandId" TEXT NOT NULL,
    "firstSeq" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "streams" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "chars" INTEGER NOT NULL,

    CONSTRAINT "CommandOutputChunk_pkey" PRIMARY KEY ("commandId","firstSeq")
);

-- CreateIndex
CREATE INDEX "CommandOutputChunk_commandId_lastSeq_idx" ON "CommandOutputChunk"("commandId", "lastSeq");

-- AddForeignKey
ALTER TABLE "CommandOutputChunk" ADD CONSTRAINT "CommandOutputChunk_commandId_fkey" FOREIGN KEY ("commandId") REFERENCES "Command"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Output stored one row per line stays readable: each line becomes a run of one.
INSERT INTO "CommandOutputChunk" ("commandId", "firstSeq", "lastSeq", "streams", "lines", "chars")
SELECT "commandId", "seq", "seq",
       CASE "stream" WHEN 'stderr' THEN 'e' WHEN 'system' THEN 's' ELSE 'o' END,
       json_build_array("line")::text, LENGTH("line")
FROM "CommandOutput";

-- DropForeignKey
ALTER TABLE "CommandOutput" DROP CONSTRAINT "CommandOutput_commandId_fkey";

-- DropTable
DROP TABLE "CommandOutput";

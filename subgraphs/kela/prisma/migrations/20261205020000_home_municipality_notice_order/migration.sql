-- When the joint register made the notice that set this home municipality (its outbox row's createdAt): a notice
-- older than the one applied is not applied. Null: set by the register's own seed, or before notices carried it.
ALTER TABLE "CustomerHomeMunicipality" ADD COLUMN "noticedAt" TIMESTAMP(3);

CREATE TABLE "accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"segment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activations" (
	"id" serial PRIMARY KEY NOT NULL,
	"ruleset" text NOT NULL,
	"version" integer NOT NULL,
	"actor" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "activations_kind" CHECK ("activations"."kind" in ('activate', 'rollback'))
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"ruleset" text NOT NULL,
	"version" integer NOT NULL,
	"alert" text NOT NULL,
	"severity" text NOT NULL,
	"message" text,
	"as_of" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_events_identity" UNIQUE("account","ruleset","version","alert","as_of")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_hash" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"signal" text NOT NULL,
	"value" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "observations_identity" UNIQUE("account","signal","at","value")
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "outcomes_identity" UNIQUE("account","outcome","at"),
	CONSTRAINT "outcomes_kind" CHECK ("outcomes"."outcome" in ('renewed', 'churned', 'expanded'))
);
--> statement-breakpoint
CREATE TABLE "overrides" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"ruleset" text NOT NULL,
	"band" text NOT NULL,
	"reason" text NOT NULL,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rule_versions" (
	"ruleset" text NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"hash" text NOT NULL,
	"message" text,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"parent_version" integer,
	CONSTRAINT "rule_versions_pk" PRIMARY KEY("ruleset","version")
);
--> statement-breakpoint
CREATE TABLE "rulesets" (
	"name" text PRIMARY KEY NOT NULL,
	"active_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"ruleset" text NOT NULL,
	"version" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"score" double precision,
	"band" text,
	"status" text NOT NULL,
	"coverage" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_snapshots_identity" UNIQUE("account","ruleset","version","as_of")
);
--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_ruleset_rulesets_name_fk" FOREIGN KEY ("ruleset") REFERENCES "public"."rulesets"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activations_by_ruleset" ON "activations" USING btree ("ruleset","at");--> statement-breakpoint
CREATE INDEX "alert_events_by_run" ON "alert_events" USING btree ("ruleset","version","as_of");--> statement-breakpoint
CREATE INDEX "overrides_by_account" ON "overrides" USING btree ("account","ruleset");--> statement-breakpoint
CREATE INDEX "score_snapshots_by_run" ON "score_snapshots" USING btree ("ruleset","version","as_of","band");
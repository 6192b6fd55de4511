CREATE TABLE "teams_conversations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_id" text NOT NULL,
	"kind" text NOT NULL,
	"member_id" text,
	"address" text NOT NULL,
	"teams_user_id" text NOT NULL,
	"aad_object_id" text,
	"conversation_id" text NOT NULL,
	"reference" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teams_conversations" ADD CONSTRAINT "teams_conversations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_conversations_person" ON "teams_conversations" USING btree ("school_id","kind","teams_user_id");--> statement-breakpoint
CREATE INDEX "teams_conversations_address" ON "teams_conversations" USING btree ("address");
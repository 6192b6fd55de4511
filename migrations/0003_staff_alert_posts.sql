CREATE TABLE "staff_alert_posts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_id" text NOT NULL,
	"case_id" uuid NOT NULL,
	"staff_id" text NOT NULL,
	"channel" text NOT NULL,
	"ref" text NOT NULL,
	"purpose" text NOT NULL,
	"reply_id" uuid,
	"job_id" text NOT NULL,
	"shown" text NOT NULL,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "staff_alert_posts" ADD CONSTRAINT "staff_alert_posts_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_alert_posts" ADD CONSTRAINT "staff_alert_posts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_alert_posts_job" ON "staff_alert_posts" USING btree ("job_id","staff_id","channel");--> statement-breakpoint
CREATE INDEX "staff_alert_posts_case" ON "staff_alert_posts" USING btree ("school_id","case_id");
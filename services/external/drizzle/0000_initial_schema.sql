CREATE TABLE "calendar_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"region" text,
	"location_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_events_natural_key" UNIQUE NULLS NOT DISTINCT("date","name","region","location_id"),
	CONSTRAINT "calendar_events_kind_check" CHECK ("calendar_events"."kind" IN ('public_holiday', 'local_event')),
	CONSTRAINT "calendar_events_scope_check" CHECK (num_nonnulls("calendar_events"."region", "calendar_events"."location_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"city" text NOT NULL,
	"region" text NOT NULL,
	"latitude" numeric(9, 6) NOT NULL,
	"longitude" numeric(9, 6) NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "locations_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "traffic_hours" (
	"location_id" uuid NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"intensity" integer NOT NULL,
	"occupancy_pct" numeric(5, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "traffic_hours_pkey" PRIMARY KEY("location_id","measured_at"),
	CONSTRAINT "traffic_hours_intensity_check" CHECK ("traffic_hours"."intensity" >= 0),
	CONSTRAINT "traffic_hours_occupancy_check" CHECK ("traffic_hours"."occupancy_pct" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "weather_days" (
	"location_id" uuid NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"temp_min_c" numeric(5, 2) NOT NULL,
	"temp_max_c" numeric(5, 2) NOT NULL,
	"precipitation_mm" numeric(7, 2),
	"condition" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "weather_days_pkey" PRIMARY KEY("location_id","date","kind"),
	CONSTRAINT "weather_days_kind_check" CHECK ("weather_days"."kind" IN ('observation', 'forecast')),
	CONSTRAINT "weather_days_condition_check" CHECK ("weather_days"."condition" IN ('clear', 'partly_cloudy', 'cloudy', 'fog', 'drizzle', 'rain', 'showers', 'snow', 'thunderstorm')),
	CONSTRAINT "weather_days_temp_order_check" CHECK ("weather_days"."temp_min_c" <= "weather_days"."temp_max_c"),
	CONSTRAINT "weather_days_precipitation_check" CHECK ("weather_days"."precipitation_mm" >= 0)
);
--> statement-breakpoint
ALTER TABLE "calendar_events" ADD CONSTRAINT "calendar_events_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_hours" ADD CONSTRAINT "traffic_hours_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weather_days" ADD CONSTRAINT "weather_days_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_events_date_idx" ON "calendar_events" USING btree ("date");
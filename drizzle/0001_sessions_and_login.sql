CREATE TABLE `sessions` (
	`id` char(24) NOT NULL,
	`user_id` int NOT NULL,
	`refresh_token_hash` char(64) NOT NULL,
	`remember_me` boolean NOT NULL DEFAULT false,
	`user_agent` varchar(255),
	`ip` varchar(45),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`last_used_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`),
	CONSTRAINT `sessions_refresh_token_hash` UNIQUE(`refresh_token_hash`)
);
--> statement-breakpoint
CREATE TABLE `spent_refresh_tokens` (
	`token_hash` char(64) NOT NULL,
	`session_id` char(24) NOT NULL,
	`spent_at` datetime(3) NOT NULL,
	CONSTRAINT `spent_refresh_tokens_token_hash` PRIMARY KEY(`token_hash`)
);
--> statement-breakpoint
ALTER TABLE `users` ADD `status` enum('active','disabled') DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` datetime(3);--> statement-breakpoint
ALTER TABLE `users` ADD `last_login_at` datetime(3);--> statement-breakpoint
ALTER TABLE `users` ADD `last_login_ip` varchar(45);--> statement-breakpoint
CREATE INDEX `sessions_user_id` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `spent_refresh_tokens_session_id` ON `spent_refresh_tokens` (`session_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `spent_refresh_tokens` ADD CONSTRAINT `spent_refresh_tokens_session_id_sessions_id_fk` FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON DELETE cascade ON UPDATE no action;

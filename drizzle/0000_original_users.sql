-- The product owner's original `users` table, unchanged. IF NOT EXISTS lets a database that
-- already has it (with its rows) pass through this step and be upgraded by the ones after it.
CREATE TABLE IF NOT EXISTS `users` (
	`id` int NOT NULL AUTO_INCREMENT COMMENT '用户ID',
	`username` varchar(50) NOT NULL COMMENT '用户名',
	`password` varchar(255) NOT NULL COMMENT '密码',
	`mobile` varchar(20) DEFAULT NULL COMMENT '手机号',
	`email` varchar(100) DEFAULT NULL COMMENT '邮箱',
	`gender` tinyint DEFAULT 0 COMMENT '性别：0未知 1男 2女',
	`avatar` varchar(255) DEFAULT NULL COMMENT '头像URL',
	`user_role` tinyint DEFAULT 1 COMMENT '用户角色：0超级管理员 1普通用户',
	`online_status` tinyint DEFAULT 0 COMMENT '在线状态：0离线 1在线',
	`create_time` datetime DEFAULT CURRENT_TIMESTAMP COMMENT '创建时间',
	`update_time` datetime DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT '更新时间',
	PRIMARY KEY (`id`),
	UNIQUE KEY `username` (`username`),
	UNIQUE KEY `mobile` (`mobile`),
	UNIQUE KEY `email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='用户表';

-- The product owner's `users` table: the statement of drizzle/owner-users.sql, verbatim but for
-- IF NOT EXISTS, which lets a database that already has it (with its rows) pass through this
-- step and be upgraded by the ones after it. A test holds the two statements equal.
CREATE TABLE IF NOT EXISTS `users` (
  `id` bigint NOT NULL AUTO_INCREMENT COMMENT '用户唯一标识ID',
  `username` varchar(50) NOT NULL COMMENT '用户名',
  `password` varchar(100) NOT NULL COMMENT '密码(明文存储测试，不推荐生产使用)',
  `mobile` varchar(20) COMMENT '手机号',
  `email` varchar(100) COMMENT '电子邮箱',
  `gender` tinyint DEFAULT 0 COMMENT '性别：0-未知 1-男 2-女',
  `avatar` varchar(255) DEFAULT NULL COMMENT '头像URL地址',
  `user_role` tinyint NOT NULL DEFAULT 1 COMMENT '用户角色：0-超级管理员 1-普通用户 ',
  `online_status` tinyint NOT NULL DEFAULT 0 COMMENT '在线状态：0-离线 1-在线',
  `create_time` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT '创建时间',
  `update_time` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT '最后更新时间',
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_username` (`username`),
  UNIQUE KEY `idx_mobile` (`mobile`),
  UNIQUE KEY `idx_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='用户信息表';

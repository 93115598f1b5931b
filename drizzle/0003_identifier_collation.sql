-- Names that do not collide (shared/API.md, "Field rules"). The owner's table compares with the
-- server's default collation (MariaDB utf8mb4_general_ci, MySQL 8 utf8mb4_0900_ai_ci) and release 1
-- used utf8mb4_unicode_ci; general_ci and unicode_ci weigh every character outside the Basic
-- Multilingual Plane alike, so `𠀀𠀀𠀀user` and `𪚥𪚥𪚥user` were one name. utf8mb4_unicode_520_ci, on
-- MariaDB 10.6+ and MySQL 8 alike, ignores case, width and accents and weighs those characters
-- each on its own. The rest of each column's definition is the owner's (drizzle/owner-users.sql).
-- Rows that would collide under it stop the upgrade before it starts (server/database/preflight.ts).
ALTER TABLE `users`
  MODIFY `username` varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL COMMENT '用户名',
  MODIFY `mobile` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci COMMENT '手机号',
  MODIFY `email` varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci COMMENT '电子邮箱';

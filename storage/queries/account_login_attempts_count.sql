-- account_login_attempts_count: the failures the login throttle weighs, in
-- one statement (five scalar subqueries over login_attempts): for the
-- e-mail and address together, the address, the e-mail, the e-mail's
-- latest failure, and whether the address has logged in to the account
-- before.
-- Named parameters: email, ip, since (failures counted after it), known
-- (a success after it makes the address known).
SELECT
    (SELECT count(*) FROM login_attempts WHERE email = @email AND ip = @ip AND NOT ok AND at > @since) AS account_address,
    (SELECT count(*) FROM login_attempts WHERE ip = @ip AND NOT ok AND at > @since) AS address,
    (SELECT count(*) FROM login_attempts WHERE email = @email AND NOT ok AND at > @since) AS account,
    (SELECT max(at) FROM login_attempts WHERE email = @email AND NOT ok AND at > @since) AS last_account_failure,
    EXISTS (SELECT 1 FROM login_attempts WHERE email = @email AND ip = @ip AND ok AND at > @known) AS known_address

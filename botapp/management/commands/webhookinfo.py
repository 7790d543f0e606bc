from botapp.management.telegram_command import TelegramCommand


class Command(TelegramCommand):
    help = "Show where Telegram posts the bot's updates, and the last delivery error."

    def handle(self, *args, **options):
        info = self.call_bot("get_webhook_info")
        if not info.url:
            self.stdout.write("No webhook is set (the bot can use runbot's long polling).")
            return
        line = f"Webhook: {info.url}, {info.pending_update_count} pending update(s)"
        if info.last_error_message:
            line += f", last error: {info.last_error_message}"
        self.stdout.write(line)

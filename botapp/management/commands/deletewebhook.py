from botapp.management.telegram_command import TelegramCommand


class Command(TelegramCommand):
    help = "Tell Telegram to stop posting updates to the webhook."

    def add_arguments(self, parser):
        parser.add_argument("--drop-pending-updates", action="store_true")

    def handle(self, *args, drop_pending_updates=False, **options):
        self.call_bot("delete_webhook", drop_pending_updates=drop_pending_updates)
        self.stdout.write(self.style.SUCCESS("Webhook deleted"))

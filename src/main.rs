fn main() {
    webhook_assistant::start();
}

/** A modular application that sends through rtm-java; it requires the API alone and lets rtm-core find plugins. */
module io.rtm.compat.jpms {
    requires io.rtm.core;
}

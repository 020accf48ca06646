#include "meetings/meeting_calendar.hpp"

#include <libical/ical.h>

#include <memory>

namespace cvw::server {

namespace {

icaltimetype utc(std::int64_t ms) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(ms / 1000), 0, icaltimezone_get_utc_timezone());
}

struct component_free {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

} // namespace

std::string to_icalendar(const calendar_entry& e) {
    std::unique_ptr<icalcomponent, component_free> calendar(icalcomponent_new_vcalendar());
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//cvw//meetings//EN"));
    icalcomponent* event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_uid(e.uid.c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(utc(e.stamp_ms)));
    icalcomponent_add_property(event, icalproperty_new_dtstart(utc(e.starts_at_ms)));
    icalcomponent_add_property(event, icalproperty_new_dtend(utc(e.ends_at_ms)));
    icalcomponent_add_property(event, icalproperty_new_summary(e.summary.c_str()));
    icalcomponent_add_property(event, icalproperty_new_description(e.description.c_str()));
    icalcomponent_add_property(event, icalproperty_new_location(e.url.c_str()));
    icalcomponent_add_property(event, icalproperty_new_url(e.url.c_str()));
    icalcomponent_add_component(calendar.get(), event); // the calendar owns it now
    std::unique_ptr<char, decltype(&icalmemory_free_buffer)> text(icalcomponent_as_ical_string_r(calendar.get()),
                                                                  &icalmemory_free_buffer);
    return text ? std::string(text.get()) : std::string();
}

} // namespace cvw::server
